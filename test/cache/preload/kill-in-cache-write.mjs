// Loaded with `node --import` into a CLI child process by test/cache/killed.test.ts. With
// WIREFEED_TEST_KILL_AT_CACHE_WRITE=k it lets the k-th write of a file under
// WIREFEED_TEST_CACHE_DIR write half its bytes, then SIGKILLs the process: a run killed in
// the middle of writing its cache, with a half-written temp file left behind. Every other
// write is the real one. Without the variables it changes nothing.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const killAt = Number(process.env.WIREFEED_TEST_KILL_AT_CACHE_WRITE ?? 0);
const dir = process.env.WIREFEED_TEST_CACHE_DIR;
if (killAt && dir) {
  const realWrite = fs.writeFileSync;
  let writes = 0;
  fs.writeFileSync = (file, data, ...rest) => {
    if (String(file).startsWith(dir) && ++writes === killAt) {
      const bytes = Buffer.from(data);
      realWrite(file, bytes.subarray(0, bytes.length >> 1));
      process.kill(process.pid, 'SIGKILL');
    }
    return realWrite(file, data, ...rest);
  };
  syncBuiltinESMExports();
}
