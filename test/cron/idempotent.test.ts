// Issue 3, point 1: a second run over unchanged items writes nothing (mtimes unchanged) and
// says so; the bytes depend on neither the wall clock, the file-system order, TZ nor LANG.
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArgs, cli, feedIds, freezeDist, generateItems, isDotFile, makeSite, removeSite, runRecord, snapshot, writeItems, type Site } from './helpers.js';

const TAGS = ['world', 'sport', 'culture'];
let site: Site;

beforeAll(async () => {
  await freezeDist();
  site = await makeSite(`tags: [${TAGS.join(', ')}]\n`);
  await writeItems(site.items, generateItems(40, 'v1', { tags: TAGS }));
});
afterAll(() => removeSite(site));

const outputs = async (dir: string) => new Map([...(await snapshot(dir))].filter(([rel]) => !isDotFile(rel)));

describe('a second run over the same items', () => {
  it('writes no file, keeps every mtime and says "nothing changed"', async () => {
    const first = await cli(buildArgs(site, '--json'));
    expect(first.code, first.stderr).toBe(0);
    const written = runRecord(first).written;
    expect(written.length).toBeGreaterThanOrEqual(12); // main + 3 tags, 3 formats each
    const before = await outputs(site.out);
    expect([...before.keys()].sort()).toEqual([...written].sort());
    expect(feedIds('rss.xml', before.get('rss.xml')!.bytes)).toHaveLength(20);

    const second = await cli(buildArgs(site, '--json'));
    expect(second.code, second.stderr).toBe(0);
    const record = runRecord(second);
    expect(record.written).toEqual([]);
    expect([...record.unchanged].sort()).toEqual([...written].sort());

    const third = await cli(buildArgs(site));
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(new RegExp(`^wirefeed: 40 items; feeds: nothing changed \\(${written.length} unchanged\\) in \\d+ ms\\n$`));
    expect(third.stderr).toBe('');

    const after = await outputs(site.out);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [rel, f] of after) {
      expect(f.bytes.equals(before.get(rel)!.bytes), rel).toBe(true);
      expect(f.mtimeMs, `${rel} was rewritten`).toBe(before.get(rel)!.mtimeMs);
    }
    // Nothing else appeared in out/ either: no lock, no temp file.
    expect([...(await snapshot(site.out)).keys()].filter(isDotFile)).toEqual([]);
  });

  it('rewrites only the files whose bytes change', async () => {
    const before = await outputs(site.out);
    // A new item tagged "sport": the main feed and the sport feed change, world and culture do not.
    await writeFile(
      path.join(site.items, 'new-sport.md'),
      `---\nid: new-sport\ntitle: New sport story\nurl: https://cron.example.org/news/new-sport\npublished: 2026-11-26T11:59:30Z\ntags: [sport]\n---\nBody.\n`,
    );
    const run = await cli(buildArgs(site, '--json'));
    expect(run.code, run.stderr).toBe(0);
    const record = runRecord(run);
    const sportAndMain = (rel: string) => !rel.includes('/') || rel.startsWith('tags/sport/');
    const discovery = (rel: string) => !/(rss\.xml|atom\.xml|feed\.json)$/.test(rel);
    expect(record.written.filter((rel) => !discovery(rel)).sort()).toEqual([...before.keys()].filter((rel) => sportAndMain(rel) && !discovery(rel)).sort());
    const after = await outputs(site.out);
    for (const rel of ['tags/world/rss.xml', 'tags/culture/atom.xml', 'tags/world/feed.json'])
      expect(after.get(rel)!.mtimeMs, rel).toBe(before.get(rel)!.mtimeMs);
    expect(feedIds('tags/sport/feed.json', after.get('tags/sport/feed.json')!.bytes)[0]).toBe('new-sport');
  });
});

describe('the bytes depend only on the items, the config and --now', () => {
  const variants: { name: string; env: NodeJS.ProcessEnv }[] = [
    { name: 'UTC, C locale', env: { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' } },
    // +13:45 and a locale whose case rules differ (dotted/dotless i)
    { name: 'Pacific/Chatham, tr_TR', env: { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' } },
    { name: 'America/St_Johns, ja_JP', env: { TZ: 'America/St_Johns', LANG: 'ja_JP.UTF-8', LC_ALL: 'ja_JP.UTF-8' } },
  ];

  it('is the same under any time zone and locale', async () => {
    let reference: Map<string, { bytes: Buffer }> | undefined;
    for (const { name, env } of variants) {
      const out = path.join(site.root, `out-${name.replace(/\W+/g, '-')}`);
      const run = await cli(buildArgs({ ...site, out }), { env });
      expect(run.code, `${name}: ${run.stderr}`).toBe(0);
      const files = await outputs(out);
      if (!reference) reference = files;
      expect([...files.keys()].sort(), name).toEqual([...reference.keys()].sort());
      for (const [rel, f] of files) expect(f.bytes.equals(reference.get(rel)!.bytes), `${name}: ${rel}`).toBe(true);
    }
  });

  it('is the same whatever order the files were created in, and at a later --now', async () => {
    // The same item files, created in reverse order, in nested folders.
    const items = path.join(site.root, 'items-reversed');
    const names = (await readdir(site.items)).sort().reverse();
    for (const [k, name] of names.entries()) {
      const dir = path.join(items, k % 2 ? 'b' : 'a');
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, name), await readFile(path.join(site.items, name)));
    }
    const a = path.join(site.root, 'out-order-a');
    const b = path.join(site.root, 'out-order-b');
    expect((await cli(buildArgs({ ...site, out: a }))).code).toBe(0);
    // An hour later by --now, with no item due in that hour: the feeds must not move.
    const later = buildArgs({ ...site, items, out: b }).map((x) => (x === '2026-11-26T12:00:00Z' ? '2026-11-26T13:00:00Z' : x));
    const run = await cli(later);
    expect(run.code, run.stderr).toBe(0);
    const fa = await outputs(a);
    const fb = await outputs(b);
    expect([...fb.keys()].sort()).toEqual([...fa.keys()].sort());
    for (const [rel, f] of fa) expect(fb.get(rel)!.bytes.equals(f.bytes), rel).toBe(true);
  });
});
