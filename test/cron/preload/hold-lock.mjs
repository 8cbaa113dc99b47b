// A process that takes wirefeed's lock on an output folder, as a run would, and holds it until
// it gets SIGTERM (then releases it) or SIGKILL (then leaves a stale lock behind).
// Usage: node hold-lock.mjs DIST_DIR OUT_DIR      prints "held <pid>" once it holds the lock.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, out] = process.argv.slice(2);
const { acquireLock, releaseAllSync } = await import(pathToFileURL(path.join(dist, 'publish/lock.js')).href);
await acquireLock(out);
process.on('SIGTERM', () => {
  releaseAllSync();
  process.exit(0);
});
process.stdout.write(`held ${process.pid}\n`);
setInterval(() => {}, 1 << 30);
