// The tests of the code stryker.round15.json mutates: in-process.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/attribution.test.ts', 'test/cache/run.test.ts', 'test/cache/head.test.ts', 'test/cache/cache.test.ts', 'test/publish/survey.test.ts', 'test/publish/folder-sync.test.ts', 'test/publish/publication.test.ts', 'test/archive.test.ts'],
    testTimeout: 60_000,
  },
});
