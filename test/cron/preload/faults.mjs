// Loaded with `node --import` into a CLI child process by the cron tests, to cause a fault at
// an exact point of a real run. It changes nothing unless its environment variable is set:
//   WIREFEED_FAULT_KILL_AT_RENAME=k   SIGKILL this process just before the k-th rename of a
//                                     staged temp file (all files are staged by then)
//   WIREFEED_FAULT_STOP_AT_RENAME=k   SIGSTOP this process there instead (a run frozen while it
//                                     holds the lock; SIGCONT lets it finish)
//   WIREFEED_FAULT_STOP_AT_STAGE=k    SIGSTOP this process just before it creates the k-th staged
//                                     temp file (the ones before it are on disk, none renamed)
//   WIREFEED_FAULT_ENOSPC=NAME        writing the temp file of output NAME (e.g. atom.xml)
//                                     writes half its bytes, then fails with ENOSPC; NAME
//                                     wirefeed.lock: the lock's private record does
//   WIREFEED_FAULT_VANISH=NAME        item file NAME is deleted just before it is opened
//   WIREFEED_FAULT_BUG=1              crypto.createHash('sha1') (the parse cache's digest, first
//                                     called while the items are read under the lock) throws a
//                                     TypeError: a stand-in for any bug no code path expects
// The real fs functions run in every other case; the faults themselves are real (a real
// SIGKILL, a real half-written file, a real unlink), only their moment is chosen.
import fs from 'node:fs/promises';
import fsSync from 'node:fs';
import path from 'node:path';
import { syncBuiltinESMExports } from 'node:module';
import crypto from 'node:crypto';

const env = process.env;
const killAt = Number(env.WIREFEED_FAULT_KILL_AT_RENAME ?? 0);
const stopAt = Number(env.WIREFEED_FAULT_STOP_AT_RENAME ?? 0);
const stopAtStage = Number(env.WIREFEED_FAULT_STOP_AT_STAGE ?? 0);
const enospc = env.WIREFEED_FAULT_ENOSPC;
const vanish = env.WIREFEED_FAULT_VANISH;

// A publication's temp files (publish/write.ts TEMP_NAME, as stage names them: `.rss.xml.0123456789ab.tmp`), renamed
// into place one after the other by renameSync; the cache's temp files are not counted.
const STAGED = /^\..+\.[0-9a-f]{12}\.tmp$/;
let renames = 0;
const beforeRename = (from) => {
  if (STAGED.test(path.basename(String(from)))) {
    renames++;
    if (renames === killAt) process.kill(process.pid, 'SIGKILL');
    if (renames === stopAt) process.kill(process.pid, 'SIGSTOP');
  }
};
const realRename = fs.rename;
fs.rename = async (from, to) => {
  beforeRename(from);
  return realRename(from, to);
};
const realRenameSync = fsSync.renameSync;
fsSync.renameSync = (from, to) => {
  beforeRename(from);
  return realRenameSync(from, to);
};

const realOpen = fs.open;
let stages = 0;
fs.open = async (file, flags, mode) => {
  const base = path.basename(String(file));
  if (flags === 'wx' && STAGED.test(base) && ++stages === stopAtStage) process.kill(process.pid, 'SIGSTOP');
  if (vanish && base === vanish) await fs.unlink(file).catch(() => {});
  const handle = await realOpen(file, flags, mode);
  if (enospc && base.startsWith(`.${enospc}.`) && (base.endsWith('.tmp') || base.endsWith('.new'))) {
    handle.writeFile = async (data) => {
      const buf = Buffer.from(data);
      await handle.write(buf, 0, buf.length >> 1);
      const err = new Error(`ENOSPC: no space left on device, write`);
      Object.assign(err, { code: 'ENOSPC', errno: -28, syscall: 'write' });
      throw err;
    };
  }
  return handle;
};

// The loader may read synchronously: the same for openSync.
const realOpenSync = fsSync.openSync;
fsSync.openSync = (file, flags, mode) => {
  if (vanish && path.basename(String(file)) === vanish) {
    try {
      fsSync.unlinkSync(file);
    } catch {
      // already gone
    }
  }
  return realOpenSync(file, flags, mode);
};

if (env.WIREFEED_FAULT_BUG === '1') {
  const realCreateHash = crypto.createHash;
  crypto.createHash = (algorithm, options) => {
    if (algorithm === 'sha1') throw new TypeError('injected fault: a bug no code path expects');
    return realCreateHash(algorithm, options);
  };
}

syncBuiltinESMExports();
