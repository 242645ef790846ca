import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,media,workers,db,web-viewer}/**/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database and Redis prefix; two cores run two files at a time.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
