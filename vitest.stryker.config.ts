// The tests of the modules `npm run mutate` mutates (stryker.config.json): in-process.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/render/escape.test.ts',
      'test/render/memo.test.ts',
      'test/render/mapping.test.ts',
      'test/render/property.test.ts',
      'test/render/determinism.test.ts',
      'test/cache/body.test.ts',
      'test/cache/pieces.test.ts',
      'test/items/parse.test.ts',
    ],
    testTimeout: 60_000,
  },
});
