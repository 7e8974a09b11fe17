import { defineConfig } from '@playwright/test';

// End-to-end tests: Debian's Chromium against the real web host (`brokerlab serve`, started by
// the tests' fixture with the embedded cluster on free ports), and the desktop app through
// Playwright's Electron support (skipped, with the reason, where no Electron binary exists).
// Never downloads a browser; a flaky test is fixed, not retried.
export default defineConfig({
  testMatch: '**/*.spec.ts',
  projects: [
    { name: 'e2e', testDir: 'test/e2e' },
    { name: 'electron', testDir: 'test/electron' },
  ],
  outputDir: 'test-results/e2e',
  retries: 0,
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: process.env['PLAYWRIGHT_JSON_OUTPUT_NAME'] ?? 'test-results/playwright.json' }],
  ],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    timezoneId: 'UTC',
    locale: 'en-US',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
