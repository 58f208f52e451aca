// Debian's Chromium as every browser test here launches it (web-test-runner and the consumer smoke tests).
export const chromiumExecutable = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', // we run as root
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking', // closed network: avoid refused connections
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // timer-driven statechart delays must not be throttled when several test pages run at once
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];
