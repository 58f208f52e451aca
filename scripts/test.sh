#!/usr/bin/env bash
# npm test: installs what is missing, lints, type-checks, checks custom-elements.json is current, runs the
# simulator's Node tests, then every browser test (unit + integration against the simulator and a real
# RabbitMQ Web-STOMP broker it starts and stops). The last line is "N passed, N failed".
# Extra arguments go to web-test-runner (e.g. `npm test -- --group unit`).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --browser || exit 1
status=0
step() { echo; echo "== $*"; }

step lint
npx --no-install eslint . || status=1
npx --no-install prettier --check . --log-level warn || status=1

step typecheck
npx --no-install tsc -p . || status=1

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

step "simulator (node --test)"
counts=$(mktemp)
node --test --test-reporter=tap test/simulator/ > "$counts.tap" 2>&1
sim_rc=$?
grep -E '^# (tests|pass|fail)' "$counts.tap" || tail -20 "$counts.tap"
[ $sim_rc -eq 0 ] || { grep -B2 -A12 '^not ok' "$counts.tap" | head -80; status=1; }
node -e '
  const t = require("fs").readFileSync(process.argv[1], "utf8");
  const n = (k) => Number((t.match(new RegExp("^# " + k + " (\\d+)", "m")) || [0, 0])[1]);
  process.stdout.write(JSON.stringify({ passed: n("pass"), failed: n("fail") + (Number(process.argv[2]) && !n("fail") ? 1 : 0), skipped: n("skipped") + n("todo") }));
' "$counts.tap" "$sim_rc" > "$counts"
export WELL_PRIOR_COUNTS="$counts"
# lint/type/manifest failures count as one failed check each in the summary
if [ $status -ne 0 ]; then
  node -e 'const f=process.argv[1];const c=JSON.parse(require("fs").readFileSync(f));c.failed+=1;require("fs").writeFileSync(f,JSON.stringify(c))' "$counts"
fi

step "browser tests (web-test-runner, Chromium)"
started=0
if ! bash scripts/broker.sh status >/dev/null 2>&1; then bash scripts/broker.sh start && started=1; fi
cleanup() { if [ "$started" = 1 ]; then started=0; bash scripts/broker.sh stop >/dev/null 2>&1 || true; fi; rm -f "$counts" "$counts.tap"; }
trap cleanup EXIT INT TERM
npx --no-install wtr --static-logging "$@" < /dev/null
wtr_rc=$?
[ $wtr_rc -eq 0 ] || status=1
exit $status
