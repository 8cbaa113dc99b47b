// Preloaded with `node --import` by test/quick.test.ts: records every module the process
// loads (ES modules through a resolve hook, CommonJS from require.cache at exit) in the file
// named by WIREFEED_IMPORTS_LOG.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const log = process.env.WIREFEED_IMPORTS_LOG;
if (log) {
  register('./record-imports-hooks.mjs', import.meta.url, { data: { log } });
  const require = createRequire(import.meta.url);
  process.on('exit', () => appendFileSync(log, Object.keys(require.cache).map((f) => `${f}\n`).join('')));
}
