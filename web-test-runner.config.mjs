// @web/test-runner: TypeScript via esbuild, Debian's Chromium via Playwright, the CTI simulator and the
// RabbitMQ broker driven from tests through server commands (simulator/wtr-plugin.mjs).
import { defaultReporter } from '@web/test-runner';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { simulatorPlugin } from './simulator/wtr-plugin.mjs';
import { summaryLine } from './wtr/summary-reporter.mjs';
import { CHROMIUM_ARGS, chromiumExecutable } from './wtr/chromium.mjs';

// `WTR_FILES=test/a.test.ts,test/b/**/*.test.ts npx wtr` runs just those files (WTR's --files adds to the groups).
const only = process.env.WTR_FILES?.split(',').filter(Boolean);

export default {
  rootDir: '.',
  groups: only?.length
    ? [{ name: 'only', files: only }]
    : [
        { name: 'unit', files: ['test/**/*.test.ts', '!test/integration/**'] },
        { name: 'integration', files: ['test/integration/**/*.test.ts'] },
      ],
  nodeResolve: { exportConditions: ['production'] },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: new URL('./tsconfig.json', import.meta.url).pathname }),
    simulatorPlugin(),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromiumExecutable,
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  concurrency: 2,
  concurrentBrowsers: 1,
  reporters: [defaultReporter(), summaryLine()],
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 600000,
};
