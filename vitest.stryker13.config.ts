// The tests of the code stryker.round13.json mutates: in-process.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/catalog.test.ts', 'test/cache/head.test.ts', 'test/render/memo.test.ts', 'test/render/reuse.test.ts', 'test/cache/damaged.test.ts'],
    testTimeout: 60_000,
  },
});
