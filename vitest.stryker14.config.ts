// The tests of the code stryker.round14.json mutates: in-process.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/publish/survey.test.ts', 'test/select/tags.test.ts', 'test/cache/cache.test.ts', 'test/cache/damaged.test.ts', 'test/cache/pieces.test.ts', 'test/cache/run.test.ts', 'test/archive.test.ts', 'test/golden.test.ts', 'test/cache/store.test.ts'],
    testTimeout: 60_000,
  },
});
