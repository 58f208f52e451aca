// The throwaway consumer projects the smoke tests build: each one is what an integrator writes after
// `npm install well-softphone`, kept minimal. They share one node_modules (see workspace.mjs).
//
// Every web app renders <well-softphone> with `server` from the page's query string, lang="en", domain test.cc,
// and reports the status codes it receives through `well-status-change` in <output id="status"> — wired the way
// that framework wires DOM events — so a test sees the package loaded, rendered and delivered its events.

/** Versions of the consumer tool chains (the package's own dependencies come from its package.json). */
export const WORKSPACE_DEPENDENCIES = {
  vite: '^8.3.8',
  react: '^19.0.0',
  'react-dom': '^19.0.0',
  '@vitejs/plugin-react': '^6.0.0',
  vue: '^3.5.0',
  '@vitejs/plugin-vue': '^6.0.0',
  typescript: '~5.9.3',
};

const page = (title, script) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>${title}</title></head>
  <body>
    <div id="app"></div>
    <script type="module" src="${script}"></script>
  </body>
</html>
`;

/** Vite 8 + React 19: React 19 sets custom-element properties and adds `on<event>` listeners natively. */
const react = {
  'index.html': page('react consumer', './main.jsx'),
  'vite.config.mjs': `import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
export default defineConfig({ plugins: [react()], logLevel: 'warn' });
`,
  'main.jsx': `import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'well-softphone/well-softphone.js';

const server = new URLSearchParams(location.search).get('server') ?? '';

function App() {
  const [codes, setCodes] = useState([]);
  return (
    <main>
      <h1>CRM</h1>
      <well-softphone
        server={server}
        domain="test.cc"
        lang="en"
        onwell-status-change={(event) => setCodes((list) => [...list, event.detail.code])}
      ></well-softphone>
      <output id="status">{codes.join(',')}</output>
    </main>
  );
}

createRoot(document.getElementById('app')).render(<App />);
`,
};

/** Vue 3: `isCustomElement` tells the template compiler that well-* tags are not Vue components. */
const vue = {
  'index.html': page('vue consumer', './main.js'),
  'vite.config.mjs': `import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('well-') } } })],
  logLevel: 'warn',
});
`,
  'main.js': `import { createApp } from 'vue';
import 'well-softphone/well-softphone.js';
import App from './App.vue';

createApp(App).mount('#app');
`,
  'App.vue': `<script setup>
import { ref } from 'vue';
const server = new URLSearchParams(location.search).get('server') ?? '';
const codes = ref([]);
</script>

<template>
  <main>
    <h1>CRM</h1>
    <well-softphone :server="server" domain="test.cc" lang="en" @well-status-change="codes.push($event.detail.code)" />
    <output id="status">{{ codes.join(',') }}</output>
  </main>
</template>
`,
};

/**
 * A strict TypeScript app with standard (TC39) decorators and `skipLibCheck: false`: the shipped `.d.ts` (and the
 * ones of lit, xstate and stompjs they reach) must type-check, and the tag and event maps must be typed.
 */
const typescriptApp = `import 'well-softphone/well-softphone.js';
import { Softphone as RootSoftphone, WellSoftphone, type SoftphoneConfig } from 'well-softphone';
import {
  Softphone,
  STATUS_CODES,
  StatusCode,
  WellError,
  WellErrorCode,
  deriveStatusCode,
  type StatusChange,
} from 'well-softphone/core.js';
import { WellCallEndEvent, WellStatusChangeEvent } from 'well-softphone/events.js';
import pkg from 'well-softphone/package.json' with { type: 'json' };

// a standard decorator: this project compiles without experimentalDecorators
function logged<This, Args extends unknown[], Return>(
  method: (this: This, ...args: Args) => Return,
  _context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => Return>,
) {
  return method;
}

class Host {
  #el: WellSoftphone = document.createElement('well-softphone');

  @logged
  mount(parent: HTMLElement): WellSoftphone {
    this.#el.server = 'http://127.0.0.1:5180';
    this.#el.lang = 'en';
    this.#el.addEventListener('well-status-change', (event) => {
      const code: number = event.detail.code;
      console.log(code, event instanceof WellStatusChangeEvent);
    });
    this.#el.addEventListener('well-call-end', (event: WellCallEndEvent) => console.log(event.detail.isEstablished));
    parent.append(this.#el);
    return this.#el;
  }
}

const config: SoftphoneConfig = { vendor: 'well', server: 'http://127.0.0.1:5180' };
const phone: Softphone = new Softphone(config);
const same: RootSoftphone = phone;
phone.on('status', (change: StatusChange) => console.log(change.code, STATUS_CODES, StatusCode));
const error = new WellError(WellErrorCode.CONFIG_INVALID, 'bad');
const el: WellSoftphone | null = document.querySelector('well-softphone');
const status: number = el?.statusCode ?? -1;
console.log(new Host(), same, error.code, status, deriveStatusCode, pkg.name);
`;

const typescript = {
  'package.json': JSON.stringify({ name: 'ts-consumer', private: true, type: 'module' }, null, 2),
  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'bundler',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        resolveJsonModule: true,
        verbatimModuleSyntax: true,
        types: [],
      },
      files: ['app.ts'],
    },
    null,
    2,
  ),
  // the same app under Node's own resolution rules (package.json `exports` with the `types` condition)
  'tsconfig.nodenext.json': JSON.stringify(
    {
      extends: './tsconfig.json',
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' },
    },
    null,
    2,
  ),
  'app.ts': typescriptApp,
};

/** Node 20 ESM, headless core only: logs in against the simulator and prints what it saw as one JSON line. */
const node = {
  'app.mjs': `import { Softphone, WellError } from 'well-softphone/core.js';

const [server, domain] = process.argv.slice(2);
const phone = new Softphone({ vendor: 'well', server, channelHeartbeatMs: 0 });
const codes = [];
phone.on('status', (change) => codes.push(change.code));
// a command resolves when the server accepted it; the status changes when its confirming event arrives
const reached = (code) =>
  new Promise((resolve) => {
    const off = phone.on('status', (change) => {
      if (change.code === code) resolve(off());
    });
  });
try {
  const notReady = reached(2);
  await phone.login({ jobNumber: '5001', password: '123456', domain, extension: '8001' });
  await notReady;
  const ready = reached(3);
  await phone.ready();
  await ready;
  const loggedOut = reached(-1);
  await phone.logout();
  await loggedOut;
} catch (error) {
  console.error(error instanceof WellError ? error.code + ': ' + error.message : error);
  process.exitCode = 1;
}
phone.stop();
console.log(JSON.stringify({ codes, hasCustomElements: typeof customElements !== 'undefined' }));
`,
};

/** One HTML page, one script tag, no bundler: the CDN build. */
const cdn = {
  'index.html': `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>cdn consumer</title>
    <script type="module" src="./well-softphone.min.js"></script>
  </head>
  <body>
    <well-softphone domain="test.cc" lang="en"></well-softphone>
    <output id="status"></output>
    <script type="module">
      const el = document.querySelector('well-softphone');
      el.server = new URLSearchParams(location.search).get('server') ?? '';
      const codes = [];
      el.addEventListener('well-status-change', (event) => {
        codes.push(event.detail.code);
        document.getElementById('status').textContent = codes.join(',');
      });
    </script>
  </body>
</html>
`,
};

export const PROJECTS = { react, vue, typescript, node, cdn };
