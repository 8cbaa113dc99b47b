// The parse cache's files on disk. Each is one JSON document stamped with the cache format's
// version and a key (a digest of everything its content depends on). Any file that is
// missing, truncated, garbage, of another version or another key is ignored, never trusted:
// the run parses again and rewrites it. Writes go to a temp file beside it and are renamed
// over it, so a killed run leaves either the old file or the new one. No fsync: after a
// power cut a file may come back empty, which reads as garbage and is rebuilt.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NotRegularError, readRegularStatSync } from '../publish/guard.js';

/** Bumped whenever what the cache stores, or what parsing makes of an item, changes. */
export const CACHE_VERSION = 5;

export const digest = (...parts: (string | Buffer)[]): string => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('base64url');
};

interface Envelope<T> {
  wirefeedCache: number;
  kind: string;
  key: string;
  /** Digest of the text of `data` as written: a file damaged anywhere in its data is not trusted. */
  sum: string;
  data: T;
}

const DATA = '"data":';
const CLOSE = 0x7d; // }

/** The data of a cache file, or undefined when it is absent or cannot be trusted. */
export function readCacheFile<T>(file: string, kind: string, key: string): { data: T; mtimeMs: number; sum: string } | undefined {
  try {
    // A FIFO, device, folder or link in its place stops the run (exit 73): never read, never trusted.
    const read = readRegularStatSync(file, 'a cache file');
    if (read === undefined) return undefined;
    const text = read.bytes.toString('utf8');
    const mtimeMs = read.st.mtimeMs;
    const env = JSON.parse(text) as Envelope<T>;
    if (env === null || typeof env !== 'object') return undefined;
    if (env.wirefeedCache !== CACHE_VERSION || env.kind !== kind || env.key !== key || env.data === undefined) return undefined;
    // `data` is written last: its text runs from after "data": to the closing brace. Hashed as
    // the bytes read (what was hashed when written), not encoded again from the text.
    const bytes = read.bytes;
    const at = bytes.indexOf(DATA);
    const end = bytes.lastIndexOf(CLOSE);
    if (at < 0 || end < at || digest(bytes.subarray(at + DATA.length, end)) !== env.sum) return undefined;
    return { data: env.data, mtimeMs, sum: env.sum };
  } catch (err) {
    if (err instanceof NotRegularError) throw err;
    return undefined;
  }
}

/** Write a cache file atomically; returns its mtime (the file system's clock, for racy-entry checks). */
export function writeCacheFile<T>(file: string, kind: string, key: string, data: T): number {
  return writeCacheFileSum(file, kind, key, data).mtimeMs;
}

/** writeCacheFile, also telling the digest of the data it wrote (what readCacheFile checks: another file can name it). */
export function writeCacheFileSum<T>(file: string, kind: string, key: string, data: T): { mtimeMs: number; sum: string } {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  // Encoded once, then hashed and written as bytes: an index shard is megabytes of text.
  const json = Buffer.from(JSON.stringify(data));
  const sum = digest(json);
  const head = JSON.stringify({ wirefeedCache: CACHE_VERSION, kind, key, sum });
  try {
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${head.slice(0, -1)},${DATA}`), json, Buffer.from('}')]));
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return { mtimeMs: statSync(file).mtimeMs, sum };
}
