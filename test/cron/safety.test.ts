// Issue 3, point 4: the safety valve. A build whose items folder is missing, unreadable or
// empty, or that would drop more than safety.max_drop of the items the feed on disk holds,
// writes nothing and exits 66 naming what would have been lost, unless --force.
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildArgs, cli, feedIds, freezeDist, generateItems, makeSite, removeSite, runRecord, snapshot, unprivileged, writeItems, type Site } from './helpers.js';

let site: Site;
const ids = (n: number) => generateItems(n, 'v1').map((i) => i.id);

beforeAll(() => freezeDist());
beforeEach(async () => {
  site = await makeSite();
  await writeItems(site.items, generateItems(10, 'v1'));
  const first = await cli(buildArgs(site));
  expect(first.code, first.stderr).toBe(0);
});
afterEach(() => removeSite(site));

const mainIds = async (file = 'feed.json') => feedIds(file, await readFile(path.join(site.out, file)));

/** out/ exactly as it was: same files, bytes and mtimes. */
async function expectUntouched(before: Awaited<ReturnType<typeof snapshot>>) {
  const after = await snapshot(site.out);
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  for (const [rel, f] of after) {
    expect(f.bytes.equals(before.get(rel)!.bytes), rel).toBe(true);
    expect(f.mtimeMs, rel).toBe(before.get(rel)!.mtimeMs);
  }
}

const removeItems = (n: number) => Promise.all(ids(n).map((id) => rm(path.join(site.items, `${id}.md`))));

describe('the safety valve', () => {
  it('refuses to drop more than half the feed, names what would be lost, and --force overrides', async () => {
    const before = await snapshot(site.out);
    await removeItems(6); // 60% of the 10 items on disk
    const run = await cli(buildArgs(site, '--json'));
    expect(run.code).toBe(66);
    expect(run.stderr).toContain(`refusing to publish: 6 of the 10 items in ${path.join(site.out, 'feed.json')} (60%) are gone from the items folder, more than safety.max_drop (50%); nothing written`);
    for (const id of ids(6)) expect(run.stderr).toContain(id);
    const record = runRecord(run);
    expect(record.exitCode).toBe(66);
    expect((record.refused as { reason: string; onDisk: number; lost: { id: string; title: string }[] }).lost.map((l) => l.id)).toEqual(ids(6));
    expect((record.refused as { onDisk: number }).onDisk).toBe(10);
    await expectUntouched(before);

    const forced = await cli(buildArgs(site, '--force'));
    expect(forced.code, forced.stderr).toBe(0);
    expect(await mainIds()).toEqual(ids(10).slice(6));
  });

  it('lets exactly half go (not more than max_drop), and a lower max_drop refuses less', async () => {
    await removeItems(3);
    await writeFile(site.config, (await readFile(site.config, 'utf8')) + 'safety:\n  max_drop: 0.2\n');
    const before = await snapshot(site.out);
    const strict = await cli(buildArgs(site));
    expect(strict.code).toBe(66);
    expect(strict.stderr).toContain('3 of the 10 items');
    expect(strict.stderr).toContain('more than safety.max_drop (20%)');
    await expectUntouched(before);

    await writeFile(site.config, (await readFile(site.config, 'utf8')).replace('max_drop: 0.2', 'max_drop: 0.3'));
    const ok = await cli(buildArgs(site));
    expect(ok.code, ok.stderr).toBe(0);
    expect(await mainIds()).toEqual(ids(10).slice(3));
  });

  it('does not count items pushed out by newer ones, or withdrawn on purpose', async () => {
    // 10 newer items and --limit 10 push every item on disk out of the feed: none vanished.
    const newer = Array.from({ length: 10 }, (_, k) => ({ id: `newer-${k}`, title: `Newer ${k}`, published: `2026-11-26T11:59:${String(10 + k)}Z` }));
    await writeItems(site.items, newer);
    const pushed = await cli(buildArgs(site, '--limit', '10'));
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(await mainIds()).toEqual(newer.map((i) => i.id).reverse());

    // Withdraw 8 of the 10 in the feed: deliberate, so published (the valve is for accidents).
    for (const { id } of newer.slice(0, 8)) {
      const file = path.join(site.items, `${id}.md`);
      await writeFile(file, (await readFile(file, 'utf8')).replace(/\n---\n/, '\nwithdrawn: true\n---\n'));
    }
    const withdrawn = await cli(buildArgs(site, '--limit', '10'));
    expect(withdrawn.code, withdrawn.stderr).toBe(0);
    expect(await mainIds()).toEqual(['newer-9', 'newer-8', ...ids(8)]);
  });

  it('refuses when the clock jumps back and every item looks future-dated', async () => {
    const before = await snapshot(site.out);
    const run = await cli(buildArgs(site).map((a) => (a === '2026-11-26T12:00:00Z' ? '2025-11-26T12:00:00Z' : a)));
    expect(run.code).toBe(66);
    expect(run.stderr).toContain('10 of the 10 items');
    await expectUntouched(before);
  });

  it('refuses when most items turn unreadable (a half-synced folder), reading RSS when there is no JSON Feed', async () => {
    await writeFile(site.config, (await readFile(site.config, 'utf8')).replace('formats: [rss, atom, json]', 'formats: [rss, atom]'));
    await rm(path.join(site.out, 'feed.json'));
    for (const id of ids(8)) await writeFile(path.join(site.items, `${id}.md`), '---\ntitle: [unclosed\n');
    const before = await snapshot(site.out);
    const run = await cli(buildArgs(site));
    expect(run.code).toBe(66);
    expect(run.stderr).toContain(`8 of the 10 items in ${path.join(site.out, 'rss.xml')}`);
    await expectUntouched(before);
  });

  it('refuses an empty items folder (a failed mount), and --force publishes empty feeds', async () => {
    const before = await snapshot(site.out);
    await rm(site.items, { recursive: true });
    await mkdir(site.items); // an empty mount point
    const run = await cli(buildArgs(site, '--json'));
    expect(run.code).toBe(66);
    expect(run.stderr).toContain(`the items folder ${site.items} holds no items; the 10 items in ${path.join(site.out, 'feed.json')} would be lost: ${ids(10)[0]}`);
    expect(runRecord(run)).toMatchObject({ exitCode: 66, written: [], refused: { reason: 'empty', onDisk: 10 } });
    await expectUntouched(before);

    const forced = await cli(buildArgs(site, '--force'));
    expect(forced.code, forced.stderr).toBe(0);
    expect(await mainIds()).toEqual([]);
    expect(await mainIds('rss.xml')).toEqual([]);
  });

  it('refuses a missing items folder, even with --force', async () => {
    const before = await snapshot(site.out);
    await rm(site.items, { recursive: true });
    for (const extra of [[], ['--force']]) {
      const run = await cli(buildArgs(site, ...extra));
      expect(run.code).toBe(66);
      expect(run.stderr).toContain(`${site.items}: the items folder does not exist: nothing written`);
      await expectUntouched(before);
    }
  });

  it('refuses an unreadable items folder', async () => {
    await chmod(site.items, 0o000);
    // root reads any folder: so the run is made as an unprivileged user, for whom the
    // site is otherwise readable and out/ writable.
    const as = await unprivileged(site);
    if (as.uid !== undefined) await chmod(site.config, 0o644);
    const before = await snapshot(site.out);
    const run = await cli(buildArgs(site), as);
    expect(run.code, run.stderr).toBe(66);
    expect(run.stderr).toContain(`${site.items}: cannot read the items folder (EACCES): nothing written`);
    await expectUntouched(before);
    await chmod(site.items, 0o755);
  });
});
