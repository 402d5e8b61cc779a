/**
 * E2E: the web console in Debian's Chromium (every machine here), and the Electron app where its
 * binary exists. Build first: `npx electron-vite build && npx playwright test --project=chromium`.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  // A safety net, not a timing: a 2-core machine running another suite beside this one takes 3× as long,
  // and a slow run is not a failing one (speed is measured in npm run bench).
  timeout: 240_000,
  expect: { timeout: 10_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  projects: [
    {
      name: 'chromium',
      testDir: 'test/e2e',
      use: {
        browserName: 'chromium',
        headless: true,
        viewport: { width: 1600, height: 1000 },
        locale: 'zh-CN',
        // Not Beijing on purpose: the console must show Beijing time whatever the workstation says.
        timezoneId: 'UTC',
        // Recording a trace doubles the suite's time on 2 cores (measured: 197 s against 99 s for the same
        // two specs), so it is on only when asked: PW_TRACE=1 npx playwright test … A failure still
        // leaves its screenshot.
        trace: process.env.PW_TRACE ? 'retain-on-failure' : 'off',
        screenshot: 'only-on-failure',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      },
    },
    {
      name: 'electron',
      testDir: 'test/e2e-electron',
      timeout: 60_000,
    },
  ],
});
