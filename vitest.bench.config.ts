import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['bench/suite.bench-run.ts'],
    environment: 'node',
    testTimeout: 30 * 60_000,
    fileParallelism: false,
  },
});
