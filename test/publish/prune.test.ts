// Stale private folders go, and nothing outside out/partners/ is touched, links included.
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { prunePrivate } from '../../src/publish/prune.js';

let tmp: string;
let out: string;
let outside: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-prune-'));
  out = path.join(tmp, 'out');
  outside = path.join(tmp, 'elsewhere');
  await mkdir(path.join(outside, 'deep'), { recursive: true });
  await writeFile(path.join(outside, 'deep', 'keep.txt'), 'not ours\n');
  for (const t of ['KEEPKEEPKEEPKEEPKEEP00', 'OLDOLDOLDOLDOLDOLDOLD0']) {
    await mkdir(path.join(out, 'partners', t, 'archive', '2026-09'), { recursive: true });
    await writeFile(path.join(out, 'partners', t, 'rss.xml'), `${t}\n`);
    await writeFile(path.join(out, 'partners', t, 'archive', '2026-09', 'rss.xml'), `${t}\n`);
  }
  await writeFile(path.join(out, 'rss.xml'), 'public\n');
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

it('removes every folder under partners/ but the kept tokens, and leaves the rest of out/ alone', async () => {
  // A link in a stale folder, and a stale link: removed as links, never followed.
  await symlink(outside, path.join(out, 'partners', 'OLDOLDOLDOLDOLDOLDOLD0', 'link'));
  await symlink(path.join(outside, 'deep'), path.join(out, 'partners', 'stale-link'));
  await writeFile(path.join(out, 'partners', '.rss.xml.0123456789ab.tmp'), 'a temp file');
  const r = await prunePrivate(out, new Set(['KEEPKEEPKEEPKEEPKEEP00']));
  expect(r).toEqual({ removed: 2, warnings: [] });
  expect((await readdir(path.join(out, 'partners'))).sort()).toEqual(['.rss.xml.0123456789ab.tmp', 'KEEPKEEPKEEPKEEPKEEP00']);
  expect(await readFile(path.join(out, 'partners', 'KEEPKEEPKEEPKEEPKEEP00', 'archive', '2026-09', 'rss.xml'), 'utf8')).toBe('KEEPKEEPKEEPKEEPKEEP00\n');
  expect(await readFile(path.join(outside, 'deep', 'keep.txt'), 'utf8')).toBe('not ours\n');
  expect(await readFile(path.join(out, 'rss.xml'), 'utf8')).toBe('public\n');
});

it('with nothing to keep, removes partners/ itself', async () => {
  expect((await prunePrivate(out, new Set())).removed).toBe(2);
  expect(existsSync(path.join(out, 'partners'))).toBe(false);
  expect(existsSync(path.join(out, 'rss.xml'))).toBe(true);
});

it('never follows partners/ when it is a link: a warning, and the target untouched', async () => {
  await rm(path.join(out, 'partners'), { recursive: true });
  await symlink(outside, path.join(out, 'partners'));
  const r = await prunePrivate(out, new Set());
  expect(r.removed).toBe(0);
  expect(r.warnings).toEqual([`${path.join(out, 'partners')} is not a folder (a link?): stale partner folders were not removed`]);
  expect((await lstat(path.join(out, 'partners'))).isSymbolicLink()).toBe(true);
  expect(await readFile(path.join(outside, 'deep', 'keep.txt'), 'utf8')).toBe('not ours\n');
});

it('does nothing when there is no partners/ folder', async () => {
  await rm(path.join(out, 'partners'), { recursive: true });
  expect(await prunePrivate(out, new Set(['x']))).toEqual({ removed: 0, warnings: [] });
});
