// publish(): write-if-changed and the sweep of temp files a killed run left. (Atomicity under
// SIGKILL, full disks and read-only folders is proven with real processes in test/cron/.)
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publish, removeStrayTemps, TEMP_NAME } from '../../src/publish/write.js';

let out: string;
beforeEach(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'wirefeed-write-'));
});
afterEach(() => rm(out, { recursive: true, force: true }));

const file = (p: string, body: string) => ({ path: p, contentType: 'text/plain', body });

describe('publish', () => {
  it('writes changed files only and reports the rest as unchanged', async () => {
    expect(await publish(out, [file('rss.xml', 'a'), file('tags/x/rss.xml', 'b')])).toEqual({ written: ['rss.xml', 'tags/x/rss.xml'], unchanged: [] });
    const mtime = (await stat(path.join(out, 'rss.xml'))).mtimeMs;
    expect(await publish(out, [file('rss.xml', 'a'), file('tags/x/rss.xml', 'c')])).toEqual({ written: ['tags/x/rss.xml'], unchanged: ['rss.xml'] });
    expect((await stat(path.join(out, 'rss.xml'))).mtimeMs).toBe(mtime);
    expect((await readdir(out)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses a path outside out/', async () => {
    await expect(publish(out, [file('../escape.xml', 'x')])).rejects.toThrow(/outside the output folder/);
  });
});

describe('removeStrayTemps', () => {
  it('removes our temp names and dead runs\' lock records, in every folder, and nothing else', async () => {
    await mkdir(path.join(out, 'tags/x'), { recursive: true });
    const names = {
      '.rss.xml.0123456789ab.tmp': true,
      'tags/x/.feed.json.a1b2c3d4e5f6.tmp': true,
      '.wirefeed.lock.999999999.new': true, // no such pid
      [`.wirefeed.lock.${process.pid}.new`]: false, // a live run's
      '.wirefeed.lock': false,
      'keep.tmp': false,
      '.hidden': false,
      '.rss.xml.XYZ.tmp': false,
      'rss.xml': false,
    };
    for (const n of Object.keys(names)) await writeFile(path.join(out, n), 'x');
    const removed = await removeStrayTemps(out);
    expect(removed).toEqual(Object.keys(names).filter((n) => names[n]).sort());
    for (const [n, gone] of Object.entries(names)) await expect(stat(path.join(out, n)).then(() => false, () => true), n).resolves.toBe(gone);
    expect(TEMP_NAME.test('.atom.xml.0123456789ab.tmp')).toBe(true);
    expect(await removeStrayTemps(path.join(out, 'missing'))).toEqual([]);
  });
});
