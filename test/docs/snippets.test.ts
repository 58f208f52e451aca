// Runs every code block of README.md and docs/*.md against a fresh simulator, so the docs cannot drift.
//
// Which blocks run: fences tagged `html`, `js`/`javascript` and `ts`/`typescript` (ts blocks must also be valid
// JavaScript). `sh`, `text` and any other tag are not run; `js no-run` (any tag + ` no-run`) opts a block out.
// The only rewrites, applied to the block's text before it runs:
//   - the simulator origin of the docs, http://127.0.0.1:5180 (and ws://127.0.0.1:5180), → this test's simulator;
//   - the package specifiers `well-softphone`, `well-softphone/well-softphone.js`, `well-softphone/core.js` and the
//     CDN file (`https://<cdn>/[npm/]well-softphone[@version]/[dist/]cdn/well-softphone.min.js`) → the src entries.
// What each block must do:
//   - js: run to the end (no throw, no hang) and print, in order, every `// prints: <text>` its comments promise;
//   - html: its markup goes into the page and its scripts run as modules; every <well-softphone> in it then logs in
//     (by the block's own script, else with the simulator's demo password) and reaches status 2 or 3.
// Before a block that handles `loginConflict`, agent 5001 is logged in elsewhere (8002), so the handler must work.
import { expect } from '@open-wc/testing';
import { Softphone } from '../../src/index.js';
import '../../src/well-softphone.js';
import type { WellSoftphone } from '../../src/well-softphone.js';
import { control, startSim, stopSim, type Sim } from '../integration/helpers.js';

const DOC_ORIGIN = '127.0.0.1:5180';
const ENTRIES: Record<string, string> = {
  'well-softphone': '../../src/index.ts',
  'well-softphone/well-softphone.js': '../../src/well-softphone.ts',
  'well-softphone/core.js': '../../src/core.ts',
  'well-softphone/compat.js': '../../src/compat/workbench.ts',
  'well-softphone/cdn/well-softphone.min.js': '../../src/well-softphone.ts',
};
const CDN = /^(?:https:\/\/[^/]+\/(?:npm\/)?)?well-softphone(?:@[^/]+)?(?:\/dist)?(\/[^'"]*)?$/;
const RUN = new Set(['html', 'js', 'javascript', 'ts', 'typescript']);
const SNIPPET_TIMEOUT_MS = 15000;
/** Demo passwords of the simulator (docs/simulator.md). */
const PASSWORDS: Record<string, string> = { well: '123456', xswitch: '1234' };

interface Snippet {
  file: string;
  line: number;
  lang: string;
  code: string;
}

/** README.md and every docs/*.md reachable from it by relative links. */
async function docFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const queue = ['README.md'];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.has(file)) continue;
    const response = await fetch(`/${file}`);
    if (!response.ok) continue; // a missing target is reported by test/docs/docs.test.mjs
    const text = await response.text();
    files.set(file, text);
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+\.md)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const path = new URL(target!, `http://x/${file}`).pathname.slice(1);
      if (path.startsWith('docs/') && !path.slice(5).includes('/')) queue.push(path);
    }
  }
  return files;
}

function snippetsOf(file: string, text: string): Snippet[] {
  const snippets: Snippet[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})\s*(\S*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang, flags] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j]!.trimStart().startsWith(fence!); j++)
      body.push(lines[j]!.slice(indent!.length));
    if (RUN.has(lang!) && !/\bno-run\b/.test(flags!))
      snippets.push({ file, line: i + 1, lang: lang!, code: body.join('\n') });
    i = j;
  }
  return snippets;
}

function entryUrl(specifier: string): string {
  const m = CDN.exec(specifier);
  const entry = m && ENTRIES[`well-softphone${(m[1] ?? '').replace('/dist/', '/')}`];
  if (!entry) throw new Error(`the docs import "${specifier}", which is neither relative nor a package entry`);
  return new URL(entry, import.meta.url).href;
}

function rewrite(code: string, sim: Sim): string {
  const http = sim.baseUrl.replace(/\/$/, '');
  return code
    .replaceAll(`http://${DOC_ORIGIN}`, http)
    .replaceAll(`ws://${DOC_ORIGIN}`, http.replace(/^http/, 'ws'))
    .replace(/(\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"]+)\2/g, (all, head: string, quote: string, specifier: string) =>
      specifier.startsWith('.') ? all : `${head}${quote}${entryUrl(specifier)}${quote}`,
    );
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what} did not finish within ${SNIPPET_TIMEOUT_MS} ms`)),
        SNIPPET_TIMEOUT_MS,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Runs module code (already rewritten); returns what it printed with console.log. */
async function runModule(code: string): Promise<string[]> {
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => printed.push(args.map(String).join(' '));
  const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
  try {
    await withTimeout(import(/* @vite-ignore */ url), 'the snippet');
  } finally {
    console.log = log;
    URL.revokeObjectURL(url);
  }
  return printed;
}

function expectPrints(code: string, printed: string[]): void {
  const promised = [...code.matchAll(/\/\/ prints: (.*)$/gm)].map((m) => m[1]!.trim());
  let at = 0;
  for (const line of promised) {
    const found = printed.indexOf(line, at);
    expect(found, `prints "${line}" (printed: ${JSON.stringify(printed)})`).to.be.greaterThan(-1);
    at = found + 1;
  }
}

const files = await docFiles();
const snippets = [...files].flatMap(([file, text]) => snippetsOf(file, text));

describe('docs: every code block runs against the simulator', function () {
  this.timeout(SNIPPET_TIMEOUT_MS + 10000);
  let sim: Sim;
  let container: HTMLElement | undefined;
  const phones = new Set<Softphone>();
  const login = Softphone.prototype.login;

  before(() => {
    // Snippets create phones of their own; remember them to stop them after each block.
    Softphone.prototype.login = function (this: Softphone, ...args: Parameters<Softphone['login']>) {
      phones.add(this);
      return login.apply(this, args);
    };
  });
  after(() => {
    Softphone.prototype.login = login;
  });
  beforeEach(async () => {
    sim = await startSim({ domain: 'test.cc' });
  });
  afterEach(async () => {
    container?.remove();
    container = undefined;
    for (const phone of phones) phone.stop();
    phones.clear();
    await stopSim(sim);
  });

  it('finds the README and the docs, and code blocks in them', () => {
    expect([...files.keys()]).to.include.members(['README.md', 'docs/api.md', 'docs/vendors.md']);
    expect(snippets.length).to.be.greaterThan(3);
    expect(snippets.some((s) => s.file === 'README.md' && s.code.includes('whenStatus'))).to.equal(true);
  });

  for (const snippet of snippets) {
    it(`${snippet.file}:${snippet.line} (${snippet.lang})`, async () => {
      if (snippet.code.includes('loginConflict')) {
        await control(sim, 'POST', '/agents/5001', { extension: '8002' });
      }
      if (snippet.lang !== 'html') {
        expectPrints(snippet.code, await runModule(rewrite(snippet.code, sim)));
        return;
      }
      const template = document.createElement('template');
      template.innerHTML = rewrite(snippet.code, sim);
      const scripts = [...template.content.querySelectorAll('script')];
      for (const script of scripts) script.remove();
      container = document.createElement('div');
      container.append(template.content);
      document.body.append(container);
      const printed: string[] = [];
      for (const script of scripts) {
        const code = script.src ? `import ${JSON.stringify(entryUrl(script.getAttribute('src')!))};` : script.text;
        printed.push(...(await runModule(code)));
      }
      expectPrints(snippet.code, printed);
      const elements = [...container.querySelectorAll<WellSoftphone>('well-softphone')];
      for (const el of elements) {
        await customElements.whenDefined('well-softphone');
        await el.updateComplete;
        expect(el.shadowRoot?.childElementCount, 'the element renders').to.be.greaterThan(0);
        if (el.statusCode === -1) await withTimeout(el.login({ password: PASSWORDS[el.vendor]! }), 'login');
        const { code } = await el.whenStatus([2, 3], { timeoutMs: 10000 });
        expect([2, 3]).to.include(code);
      }
    });
  }
});
