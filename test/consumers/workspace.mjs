// Shared plumbing for the consumer smoke tests (test/consumers/*.test.mjs):
//   createWorkspace()   build the package (`npm run build:dist` + `npm run analyze`), `npm pack` it, and install
//                       the tarball with every consumer tool chain into ONE throwaway folder outside the repository
//                       (one `npm install`)
//   serveStatic(dir)    a static file server on 127.0.0.1 for a built app
//   openPage / loginThroughForm   Debian Chromium through playwright, the agent logging in with the element's form
// `npm test` prepares the workspace once (node test/consumers/workspace.mjs) and passes its path in
// WELL_CONSUMER_WORKSPACE; a test file run on its own prepares (and removes) its own.
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PROJECTS, WORKSPACE_DEPENDENCIES } from './projects.mjs';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../wtr/chromium.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/** Runs a command, resolving with its output; the rejection carries stdout and stderr. */
export async function sh(command, args, options = {}) {
  try {
    return await run(command, args, { maxBuffer: 64 * 1024 * 1024, ...options });
  } catch (error) {
    error.message = `${command} ${args.join(' ')} failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`;
    throw error;
  }
}

/** Builds, packs and installs the package into a fresh workspace with every consumer project; returns its path. */
export async function createWorkspace() {
  // what `npm run build` ships (its type-check step aside): dist/ from Vite and tsc, then the manifest and editor data
  await sh('npm', ['run', 'build:dist', '--silent'], { cwd: ROOT });
  await sh('npm', ['run', 'analyze', '--silent'], { cwd: ROOT });
  const dir = await mkdtemp(join(tmpdir(), 'well-softphone-consumers-'));
  const { stdout } = await sh('npm', ['pack', '--json', '--pack-destination', dir, ...NPM_FLAGS], { cwd: ROOT });
  const tarball = join(dir, JSON.parse(stdout)[0].filename);
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'well-softphone-consumers',
        private: true,
        type: 'module',
        dependencies: { 'well-softphone': `file:${tarball}`, ...WORKSPACE_DEPENDENCIES },
      },
      null,
      2,
    ),
  );
  await sh('npm', ['install', ...NPM_FLAGS], { cwd: dir });
  for (const [name, files] of Object.entries(PROJECTS)) {
    await mkdir(join(dir, name), { recursive: true });
    for (const [file, text] of Object.entries(files)) await writeFile(join(dir, name, file), text);
  }
  return dir;
}

/**
 * The workspace for this test file: the shared one from WELL_CONSUMER_WORKSPACE, or a new one (with `dispose`
 * removing it) when the file runs on its own.
 */
export async function workspace() {
  const shared = process.env.WELL_CONSUMER_WORKSPACE;
  if (shared) return { dir: shared, dispose: async () => {} };
  const dir = await createWorkspace();
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Builds a Vite app of the workspace with the workspace's own Vite; returns the output folder. */
export async function viteBuild(dir, project) {
  const cwd = join(dir, project);
  await sh(process.execPath, [join(dir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd });
  return join(cwd, 'dist');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves `root` on 127.0.0.1 (a free port); `/` is index.html. */
export async function serveStatic(root) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end(); // the browser asks for it; none of the apps has one
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) || !(await stat(file).catch(() => undefined))?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Headless Debian Chromium, launched the way web-test-runner.config.mjs does. */
export async function launchChromium() {
  const { chromium } = await import('playwright');
  return chromium.launch({
    executablePath: chromiumExecutable,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Opens `url` in a fresh page, recording uncaught page errors and console errors (a blank page from a broken bundle
 * shows up here first, e.g. "SyntaxError: Private field '#x' must be declared in an enclosing class").
 */
export async function openPage(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  const response = await page.goto(url);
  if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}`);
  return { page, errors };
}

/**
 * The agent logs in as the simulator's 5001 / 123456 on extension 8001 through the element's own form (the
 * playwright locators pierce its shadow root), then waits for the "Not ready" status. Returns the status codes
 * the page's `well-status-change` listener wrote into <output id="status">.
 */
export async function loginThroughForm(page, errors) {
  const el = page.locator('well-softphone');
  const timeout = 15_000;
  try {
    await el.locator('[part~="jobNumber-input"]').fill('5001', { timeout });
    await el.locator('[part~="password-input"]').fill('123456', { timeout });
    await el.locator('[part~="extension-input"]').fill('8001', { timeout });
    await el.locator('[part~="login-button"]').click({ timeout });
    await el.locator('[part~="status-label"]').filter({ hasText: 'Not ready' }).waitFor({ timeout });
    await page
      .locator('#status')
      .filter({ hasText: /(^|,)2$/ })
      .waitFor({ timeout });
  } catch (error) {
    error.message += `\npage errors: ${JSON.stringify(errors)}\npage text: ${await page.locator('body').innerText()}`;
    throw error;
  }
  return (await page.locator('#status').innerText()).split(',').map(Number);
}

/** Every file under `dir`, relative paths. */
export async function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out;
}

// `node test/consumers/workspace.mjs` prepares a shared workspace and prints its path (used by scripts/test.sh).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${await createWorkspace()}\n`);
}

/**
 * The browser smoke check every web consumer shares: serve `outDir`, start the simulator, open the app with
 * `?server=<simulator>` in Chromium, log in through the form. Returns the status codes and page errors seen.
 */
export async function loginInBrowser(outDir) {
  const { startSimulator } = await import('../../simulator/index.mjs');
  const sim = await startSimulator({ port: 0, domain: 'test.cc' });
  const site = await serveStatic(outDir);
  const browser = await launchChromium();
  try {
    const { page, errors } = await openPage(browser, `${site.url}?${new URLSearchParams({ server: sim.baseUrl })}`);
    const codes = await loginThroughForm(page, errors);
    return { codes, errors };
  } finally {
    await browser.close();
    await site.close();
    await sim.stop();
  }
}
