// A cache file is trusted only as written: of this version, kind and key, its data as hashed.
// Anything else reads as nothing, and the run parses again (src/cache/store.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_VERSION, readCacheFile, writeCacheFile } from '../../src/cache/store.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirefeed-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A cache file as written, then its text changed by `edit`. */
function written(edit: (text: string) => string = (t) => t): string {
  const file = path.join(tmp, `items-${n++}.json`);
  writeCacheFile(file, 'items', 'key', { files: ['items/a.md'], ids: ['urn:x:1'] });
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return file;
}

describe('a cache file', () => {
  it('gives back its data, with the digest it was written with', () => {
    const read = readCacheFile<{ files: string[] }>(written(), 'items', 'key');
    expect(read?.data).toEqual({ files: ['items/a.md'], ids: ['urn:x:1'] });
    expect(read?.sum).toMatch(/^[A-Za-z0-9_-]{27}$/);
  });

  it('of another kind, key or version is nothing', () => {
    expect(readCacheFile(written(), 'run', 'key')).toBeUndefined();
    expect(readCacheFile(written(), 'items', 'another key')).toBeUndefined();
    expect(readCacheFile(written((t) => t.replace(`"wirefeedCache":${CACHE_VERSION}`, `"wirefeedCache":${CACHE_VERSION - 1}`)), 'items', 'key')).toBeUndefined();
  });

  it('whose data was changed, even into other valid data, is nothing', () => {
    expect(readCacheFile(written((t) => t.replace('items/a.md', 'items/b.md')), 'items', 'key')).toBeUndefined();
    expect(readCacheFile(written((t) => t.replace('"urn:x:1"]}', '"urn:x:1","urn:x:2"]}')), 'items', 'key')).toBeUndefined();
  });

  it('that is not one (no data, not an object, truncated, empty, missing) is nothing', () => {
    const envelope = `{"wirefeedCache":${CACHE_VERSION},"kind":"items","key":"key","sum":"x"}`;
    for (const text of [envelope, 'null', '42', '"text"', '[]', '']) expect(readCacheFile(written(() => text), 'items', 'key'), text).toBeUndefined();
    expect(readCacheFile(written((t) => t.slice(0, -20)), 'items', 'key')).toBeUndefined();
    expect(readCacheFile(written((t) => t.replace('"data":', '"dat":')), 'items', 'key')).toBeUndefined();
    expect(readCacheFile(path.join(tmp, 'missing.json'), 'items', 'key')).toBeUndefined();
  });
});
