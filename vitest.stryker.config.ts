// The unit tests of the modules `npm run mutate` mutates (stryker.config.json): fast, in-process.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/attribution.test.ts', 'test/catalog.test.ts', 'test/version.test.ts', 'test/render/dcterms.test.ts', 'test/render/lifecycle.test.ts', 'test/render/mapping.test.ts'],
    testTimeout: 60_000,
  },
});
