// A cache folder the run cannot create or write: the build still publishes, and says so once
// per run (stderr and --json), never silently re-parsing everything forever.
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildArgs, cli, generateItems, makeSite, removeSite, runRecord, unprivileged, writeItems, type Site } from '../cron/helpers.js';

let site: Site;
beforeEach(async () => {
  site = await makeSite();
  await writeItems(site.items, generateItems(3, 'a'));
});
afterEach(() => removeSite(site));

const warningLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('wirefeed: warning: the cache folder'));

describe('a cache folder that cannot be used', () => {
  it('cannot be created (a file is in the way): one warning per run, feeds still written', async () => {
    const cache = path.join(site.root, 'cache');
    await writeFile(cache, 'not a folder');
    for (let run = 0; run < 2; run++) {
      const r = await cli(buildArgs(site, '--quiet', '--cache', cache));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(warningLines(r.stderr)).toEqual([
        `wirefeed: warning: the cache folder ${cache} cannot be written (ENOTDIR): every run reads every item and renders every feed; ` +
          'give the user that runs wirefeed a folder it can write (--cache DIR; under systemd, CacheDirectory=wirefeed and --cache /var/cache/wirefeed)',
      ]);
    }
    expect((await readdir(site.out)).sort()).toEqual(expect.arrayContaining(['atom.xml', 'feed.json', 'rss.xml']));
  });

  it('cannot be written by the service user: the warning is in --json too', async () => {
    const cache = path.join(site.root, 'cache');
    await mkdir(cache, { mode: 0o755 });
    // As "nobody" under root, who may write out/ but not the cache (root's); else a cache we cannot write.
    const as = await unprivileged(site);
    if (as.uid === undefined) await chmod(cache, 0o555);
    const r = await cli(buildArgs(site, '--json', '--cache', cache), as);
    expect(r.code, r.stderr).toBe(0);
    const record = runRecord(r);
    const warnings = record.warnings as string[];
    expect(warnings.filter((w) => w.startsWith(`the cache folder ${cache} cannot be written (EACCES)`))).toHaveLength(1);
    expect(warningLines(r.stderr)).toHaveLength(1);
    expect(record.written).toEqual(expect.arrayContaining(['atom.xml', 'feed.json', 'rss.xml']));
  });

  it('a writable cache gives no warning', async () => {
    const r = await cli(buildArgs(site, '--quiet', '--cache', path.join(site.root, 'new', 'cache')));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
