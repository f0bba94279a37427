import { defineConfig } from '@playwright/test';
import { findBrowser } from './scripts/lib/find-browser.js';

const reportDir = process.env.CI_REPORT_DIR;

export default defineConfig({
  testDir: 'tests/e2e',
  // Playwright wipes its outputDir on every run; screenshots live beside it in test-results/screenshots.
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: reportDir ? [['list'], ['json', { outputFile: `${reportDir}/playwright.json` }]] : [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      // CHROMIUM_PATH, a system Chromium or Playwright's cached one (`npm test` installs one first
      // where there is none); with none, Playwright's own error says what to install.
      executablePath: findBrowser()?.path,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
        '--disable-dev-shm-usage',
      ],
    },
  },
});
