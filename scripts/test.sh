#!/usr/bin/env bash
# npm test: installs what is missing, lints, type-checks, checks custom-elements.json is current, runs the
# simulator's Node tests, the consumer smoke tests (test/consumers/: builds and packs the package), then every
# browser test (unit + integration against the simulator and a real RabbitMQ Web-STOMP broker it starts and
# stops). The last line is "N passed, N failed".
# Extra arguments go to web-test-runner (e.g. `npm test -- --group unit`).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --browser || exit 1
status=0
step() { echo; echo "== $*"; }

step lint
npx --no-install eslint . || status=1
npx --no-install prettier --check . --log-level warn || status=1

step "typecheck (src, test + demo, bench, simulator: npm run typecheck)"
npm run --silent typecheck || status=1

step "custom-elements.json is current"
tmp=$(mktemp -d)
cp custom-elements.json "$tmp/committed.json" 2>/dev/null || : > "$tmp/committed.json"
npx --no-install cem analyze >/dev/null 2>&1 || status=1
if ! cmp -s "$tmp/committed.json" custom-elements.json; then
  echo "custom-elements.json was stale (now regenerated): commit it"; status=1
else
  echo "up to date"
fi
rm -rf "$tmp"

step "simulator, docs and manifest (node --test)"
counts=$(mktemp)
node --test --test-reporter=tap test/simulator/ test/docs/ test/manifest/ > "$counts.tap" 2>&1
sim_rc=$?
grep -E '^# (tests|pass|fail)' "$counts.tap" || tail -20 "$counts.tap"
[ $sim_rc -eq 0 ] || { grep -B2 -A12 '^not ok' "$counts.tap" | head -80; status=1; }

step "consumer smoke tests (npm pack → Vite + React, Vue, strict TypeScript, Node core, CDN page)"
# builds the package, installs the tarball once into a throwaway folder outside the repo, then node --test
consumers_rc=1
: > "$counts.consumers.tap"
if consumer_ws=$(node test/consumers/workspace.mjs 2> "$counts.consumers.tap"); then
  WELL_CONSUMER_WORKSPACE="$consumer_ws" node --test --test-reporter=tap test/consumers/ > "$counts.consumers.tap" 2>&1
  consumers_rc=$?
  rm -rf "$consumer_ws"
fi
grep -E '^# (tests|pass|fail)' "$counts.consumers.tap" || tail -40 "$counts.consumers.tap"
[ $consumers_rc -eq 0 ] || { grep -B2 -A12 '^not ok' "$counts.consumers.tap" | head -80; status=1; }
node -e '
  const c = { passed: 0, failed: 0, skipped: 0 };
  for (let i = 1; i < process.argv.length; i += 2) {
    const t = require("fs").readFileSync(process.argv[i], "utf8");
    const n = (k) => Number((t.match(new RegExp("^# " + k + " (\\d+)", "m")) || [0, 0])[1]);
    c.passed += n("pass");
    c.failed += n("fail") + (Number(process.argv[i + 1]) && !n("fail") ? 1 : 0);
    c.skipped += n("skipped") + n("todo");
  }
  process.stdout.write(JSON.stringify(c));
' "$counts.tap" "$sim_rc" "$counts.consumers.tap" "$consumers_rc" > "$counts"
export WELL_PRIOR_COUNTS="$counts"
# lint/type/manifest failures count as one failed check each in the summary
if [ $status -ne 0 ]; then
  node -e 'const f=process.argv[1];const c=JSON.parse(require("fs").readFileSync(f));c.failed+=1;require("fs").writeFileSync(f,JSON.stringify(c))' "$counts"
fi

step "browser tests (web-test-runner, Chromium)"
started=0
if ! bash scripts/broker.sh status >/dev/null 2>&1; then bash scripts/broker.sh start && started=1; fi
cleanup() { if [ "$started" = 1 ]; then started=0; bash scripts/broker.sh stop >/dev/null 2>&1 || true; fi; rm -f "$counts" "$counts.tap" "$counts.consumers.tap"; }
trap cleanup EXIT INT TERM
npx --no-install wtr --static-logging "$@" < /dev/null
wtr_rc=$?
[ $wtr_rc -eq 0 ] || status=1
exit $status
