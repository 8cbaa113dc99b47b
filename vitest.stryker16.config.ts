// The tests of the code stryker.round16.json mutates: in-process.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/cache/head.test.ts', 'test/cache/items.test.ts', 'test/cache/run.test.ts', 'test/cache/damaged.test.ts'],
    testTimeout: 60_000,
  },
});
