// Issue 9, points 5 and 6. Removed means removed: a withdrawn or expired story is gone from
// every file in out/, and an archive document whose period has no item left is removed, the
// archive chain staying consistent (walked by prev-archive from the subscription document,
// it is exactly the archive documents on disk). The safety valve guards tag feeds too.
import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArgs, cli, feedIds, freezeDist, itemMarkdown, makeSite, removeSite, runRecord, snapshot, type ItemSpec, type Site } from './helpers.js';

// No tombstones (docs/story-changes.md): the story simply goes, as it does once their window passes.
const ARCHIVED = 'archive:\n  enabled: true\ntags: [Ferries]\nlifecycle:\n  tombstone_days: 0\n';
const MONTHS = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
/** Three items in each month, every one tagged Ferries. */
const items: ItemSpec[] = MONTHS.flatMap((m) => [1, 2, 3].map((d) => ({ id: `${m}-${d}`, title: `Story ${m}-${d}`, published: `${m}-0${d}T10:00:00Z`, tags: ['Ferries'] })));

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => n === 'link' || n === 'entry' });
/** The archive documents reachable from a subscription document by prev-archive (Atom), as out/ paths. */
async function chain(out: string, dir: string): Promise<string[]> {
  const seen: string[] = [];
  let file = path.join(dir, 'atom.xml');
  for (;;) {
    const doc = xml.parse(await readFile(path.join(out, file), 'utf8'));
    const prev = (doc.feed.link as { '@rel': string; '@href': string }[]).find((l) => l['@rel'] === 'prev-archive');
    if (!prev) return seen;
    file = new URL(prev['@href']).pathname.replace(/^\/feeds\//, '');
    expect(seen, 'no loop').not.toContain(file);
    seen.push(file);
  }
}

beforeAll(freezeDist);

describe('withdrawn and expired stories', () => {
  it('are gone from every file, empty archive periods removed, the chain consistent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray(MONTHS.slice(0, -1), { minLength: 1 }), fc.constantFrom('withdrawn', 'expired'), async (gone, how) => {
        const site = await makeSite(ARCHIVED);
        try {
          await writeFile(site.config, (await readFile(site.config, 'utf8')).replace('limit: 20', 'limit: 3'));
          await mkdir(site.items, { recursive: true });
          for (const i of items) await writeFile(path.join(site.items, `${i.id}.md`), itemMarkdown(i));
          expect((await cli(buildArgs(site))).code).toBe(0);
          const removedIds = items.filter((i) => gone.includes(i.id.slice(0, 7))).map((i) => i.id);
          for (const i of items.filter((x) => removedIds.includes(x.id)))
            await writeFile(path.join(site.items, `${i.id}.md`), itemMarkdown({ ...i, extra: how === 'withdrawn' ? 'withdrawn: true' : 'syndication: {expires: 2026-11-20T00:00:00Z}' }));
          const run = await cli(buildArgs(site, '--json'));
          expect(run.code, run.stderr).toBe(0);
          const files = [...(await snapshot(site.out))].filter(([rel]) => /(rss\.xml|atom\.xml|feed\.json)$/.test(rel) && !rel.startsWith('.'));
          for (const [rel, f] of files) for (const id of feedIds(rel, f.bytes)) expect(removedIds, rel).not.toContain(id);
          for (const m of gone) expect(files.some(([rel]) => rel.includes(`archive/${m}/`)), m).toBe(false);
          expect(runRecord(run).removed as string[]).toEqual(expect.arrayContaining([`archive/${gone[0]}/atom.xml`]));
          for (const dir of ['', 'tags/ferries']) {
            const onDisk = files.map(([rel]) => rel).filter((rel) => rel.startsWith(dir ? `${dir}/archive/` : 'archive/') && rel.endsWith('atom.xml'));
            expect((await chain(site.out, dir)).sort(), dir || 'main').toEqual(onDisk.sort());
          }
        } finally {
          await removeSite(site);
        }
      }),
      { numRuns: 4 },
    );
  });
});

describe('the safety valve', () => {
  let site: Site;
  beforeAll(async () => {
    site = await makeSite('tags: [Ferries]\n');
    // 30 untagged items in items/, 6 tagged ones in items/ferries/ (a separate mount).
    for (let k = 0; k < 30; k++) await writeFile(path.join(site.items, `n${k}.md`), itemMarkdown({ id: `n${k}`, title: `N ${k}`, published: `2026-11-${String(1 + (k % 20)).padStart(2, '0')}T10:00:00Z` }));
    await mkdir(path.join(site.items, 'ferries'));
    for (let k = 0; k < 6; k++) await writeFile(path.join(site.items, 'ferries', `f${k}.md`), itemMarkdown({ id: `f${k}`, title: `F ${k}`, published: `2026-11-2${k}T09:00:00Z`, tags: ['Ferries'] }));
  });
  afterAll(() => removeSite(site));

  it('refuses a run that would empty a tag feed because its items vanished (66), and --force publishes', async () => {
    expect((await cli(buildArgs(site))).code).toBe(0);
    const before = await snapshot(site.out);
    await rm(path.join(site.items, 'ferries'), { recursive: true });
    const run = await cli(buildArgs(site));
    expect(run.code, run.stderr).toBe(66);
    expect(run.stderr).toContain(`6 of the 6 items in ${path.join(site.out, 'tags/ferries/feed.json')}`);
    const after = await snapshot(site.out);
    for (const [rel, f] of after) expect(f.mtimeMs, rel).toBe(before.get(rel)!.mtimeMs);
    const forced = await cli(buildArgs(site, '--force'));
    expect(forced.code, forced.stderr).toBe(0);
    expect(feedIds('feed.json', await readFile(path.join(site.out, 'tags/ferries/feed.json')))).toEqual([]);
  });
});
