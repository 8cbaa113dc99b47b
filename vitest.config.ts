import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Sums up the tests skipped for a missing system tool in one closing line.
    globalSetup: ['test/helpers/skips.ts'],
  },
});
