import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Playwright specs live in tests/e2e and run under their own runner.
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI_REPORT_DIR ? ['default', ['json', { outputFile: `${process.env.CI_REPORT_DIR}/vitest.json` }]] : ['default'],
  },
});
