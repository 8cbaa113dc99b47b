// The parse cache (src/cache/): a warm run does only what changed, and the cache is never
// trusted over the items: deleted, corrupt or half-written, the next run is still right.
import { readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { addLateItem, cacheFiles, feeds, itemFiles, makeSite, NEWSROOM, NOW_MS, run, runChangingAtRender, snapshot, type Site } from './helpers.js';

const sites: Site[] = [];
const site = (size: number, extra = '') => {
  const s = makeSite(size, extra);
  sites.push(s);
  return s;
};
afterAll(() => {
  for (const s of sites) rmSync(s.root, { recursive: true, force: true });
});

interface JsonFeed {
  items: { id: string; title: string; content_html?: string }[];
}
const jsonFeed = (dir: string, rel = 'feed.json'): JsonFeed => JSON.parse(readFileSync(path.join(dir, rel), 'utf8')) as JsonFeed;

/** The feeds a build without any cache makes of the same items, into a folder of its own. */
async function reference(s: Site, now = NOW_MS): Promise<Record<string, string>> {
  const out = path.join(s.root, `ref-${Math.random().toString(36).slice(2)}`);
  const r = await run(s, { out, cache: false, now });
  expect(r.exitCode).toBe(0);
  return feeds(out);
}

/** The item file whose `url` is the given one. */
const fileOf = (s: Site, url: string) => itemFiles(s).find((f) => readFileSync(f, 'utf8').includes(`"${url}"`))!;

describe('a warm run', () => {
  it('writes the same feeds as a build without the cache, cold and warm', async () => {
    const s = site(60);
    const ref = await reference(s);
    const cold = await run(s);
    expect(cold.exitCode).toBe(0);
    expect(feeds(s.out)).toEqual(ref);
    // Warm, into an empty output folder: every document is rendered again from the index.
    const again = path.join(s.root, 'out2');
    await run(s, { out: again });
    expect(feeds(again)).toEqual(ref);
  });

  it('where nothing changed writes nothing: no output file, no cache file', async () => {
    const s = site(40);
    const first = await run(s);
    expect(first.report.written.length).toBeGreaterThan(0);
    const outBefore = snapshot(s.out);
    const cacheBefore = snapshot(s.cache);
    const second = await run(s);
    expect(second.exitCode).toBe(0);
    expect(second.report.written).toEqual([]);
    expect(second.report.unchanged.sort()).toEqual([...outBefore.keys()].filter((p) => !path.basename(p).startsWith('.')).sort());
    expect(second.counts).toEqual(first.counts);
    expect(snapshot(s.out)).toEqual(outBefore);
    expect(snapshot(s.cache)).toEqual(cacheBefore);
  });

  it('renders again only the documents whose items changed', async () => {
    const s = site(60, 'tags: [Sweden]\n');
    await run(s);
    const tagged = jsonFeed(s.out, 'tags/sweden/feed.json').items;
    const main = new Set(jsonFeed(s.out).items.map((i) => i.id));
    // An item in the tag feed but not in the main feed's newest 10.
    const target = tagged.find((i) => !main.has(i.id));
    expect(target).toBeDefined();
    const file = fileOf(s, target!.id);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: "Retitled in the tag feed"'));
    const r = await run(s);
    expect(r.rendered.map((f) => f.path).filter((p) => !/\.(opml|html)$/.test(p)).sort()).toEqual([
      'tags/sweden/atom.xml',
      'tags/sweden/feed.json',
      'tags/sweden/rss.xml',
    ]);
    expect(r.report.written.sort()).toEqual(['tags/sweden/atom.xml', 'tags/sweden/feed.json', 'tags/sweden/rss.xml']);
    expect(jsonFeed(s.out, 'tags/sweden/feed.json').items.find((i) => i.id === target!.id)?.title).toBe('Retitled in the tag feed');
    expect(feeds(s.out)).toEqual(await reference(s));
  });

  it('renders nothing again when a story\'s file is renamed with its text unchanged: a document is its items\' texts', async () => {
    const s = site(30, 'tags: [Sweden]\n');
    await run(s);
    // A story in the main feed and its tag feed.
    const shown = jsonFeed(s.out, 'tags/sweden/feed.json').items[0]!;
    expect(jsonFeed(s.out).items.map((i) => i.id)).toContain(shown.id);
    const file = fileOf(s, shown.id);
    renameSync(file, file.replace(/\.(md|json)$/, '-renamed.$1'));
    const r = await run(s);
    expect(r.exitCode).toBe(0);
    expect(r.rendered.map((f) => f.path).filter((p) => !/\.(opml|html)$/.test(p))).toEqual([]);
    expect(r.report.written).toEqual([]);
    expect(feeds(s.out)).toEqual(await reference(s));
  });

  // process.chdir needs a process of its own: the mutation runner's worker threads skip this one.
  it.skipIf(!isMainThread)('parses and renders nothing again when run from another working folder, and names files as listed from there', async () => {
    const s = site(30, NEWSROOM);
    // The partners' policies name agencies, which the site must list (as the sample config does).
    writeFileSync(s.config, readFileSync(s.config, 'utf8').replace(/^site:\n/, 'site:\n  agencies: [TT News Agency, NTB, Reuters, AP]\n'));
    writeFileSync(path.join(s.items, 'broken.md'), '---\ntitle: [unclosed\n---\nBody\n');
    const first = await run(s);
    expect(first.problems.some((p) => p.file === path.join(s.items, 'broken.md'))).toBe(true);
    const shards = () => [...snapshot(s.cache)].filter(([p]) => /items-\d+\.json$/.test(p));
    const before = shards();
    const cwd = process.cwd();
    process.chdir(s.root);
    let again;
    try {
      again = await run(s);
    } finally {
      process.chdir(cwd);
    }
    expect(again.exitCode).toBe(first.exitCode);
    // The index was taken as it was (no file parsed again), no document rendered again.
    expect(shards()).toEqual(before);
    expect(again.rendered.map((f) => f.path).filter((p) => !/\.(opml|html)$/.test(p))).toEqual([]);
    expect(again.report.written).toEqual([]);
    // Messages name files as this run lists them: relative to its working folder.
    expect(again.problems.map((p) => p.file)).toEqual(first.problems.map((p) => path.relative(s.root, p.file)));
    expect(again.problems.some((p) => p.file === 'items/broken.md')).toBe(true);
  });

  it('renders a document again when its file on disk is not what the last run left', async () => {
    const s = site(30);
    await run(s);
    const good = readFileSync(path.join(s.out, 'rss.xml'), 'utf8');
    writeFileSync(path.join(s.out, 'rss.xml'), 'edited by hand');
    const r = await run(s);
    expect(r.report.written).toEqual(['rss.xml']);
    expect(readFileSync(path.join(s.out, 'rss.xml'), 'utf8')).toBe(good);
  });
});

describe('a changed item is picked up', () => {
  it('a new item, an edited item and a removed item', async () => {
    const s = site(40);
    await run(s);
    const newest = jsonFeed(s.out).items;
    // New: published a minute before now, so it heads the feed.
    const added = path.join(s.items, 'zz-new.md');
    const text = readFileSync(fileOf(s, newest[3]!.id), 'utf8')
      .replace(/^url: .*$/m, 'url: "https://news.example.org/new-item"')
      .replace(/^published: .*$/m, `published: "${new Date(NOW_MS - 60_000).toISOString()}"`)
      .replace(/^updated: .*\n/m, '');
    writeFileSync(added, text);
    // Edited: a new title for the second item.
    const edited = fileOf(s, newest[1]!.id);
    writeFileSync(edited, readFileSync(edited, 'utf8').replace(/^title: .*$/m, 'title: "Edited title"'));
    // Removed: the third.
    rmSync(fileOf(s, newest[2]!.id));
    const r = await run(s);
    expect(r.exitCode).toBe(0);
    const after = jsonFeed(s.out).items;
    expect(after[0]!.id).toBe('https://news.example.org/new-item');
    expect(after.find((i) => i.id === newest[1]!.id)?.title).toBe('Edited title');
    expect(after.some((i) => i.id === newest[2]!.id)).toBe(false);
    expect(feeds(s.out)).toEqual(await reference(s));
  });

  it('an edit that keeps the size and the mtime', async () => {
    const s = site(30);
    // A whole-second mtime, so that utimes can put it back exactly.
    const stamp = Math.floor(NOW_MS / 1000) - 3600;
    for (const f of itemFiles(s)) utimesSync(f, stamp, stamp);
    await run(s);
    const first = jsonFeed(s.out).items[0]!;
    const file = fileOf(s, first.id);
    const before = statSync(file);
    const text = readFileSync(file, 'utf8');
    // Same length: one title character swapped for another.
    const changed = text.replace(/^title: "(.)/m, (_m, c: string) => `title: "${c === 'X' ? 'Y' : 'X'}`);
    expect(Buffer.byteLength(changed)).toBe(before.size);
    writeFileSync(file, changed);
    utimesSync(file, stamp, stamp);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    await run(s);
    const title = jsonFeed(s.out).items.find((i) => i.id === first.id)!.title;
    expect(title).not.toBe(first.title);
    expect(title.slice(1)).toBe(first.title.slice(1));
  });

  it('an embargo that ends between two runs, with no file changed', async () => {
    const s = site(20);
    const embargoed = path.join(s.items, 'embargoed.md');
    const text = readFileSync(itemFiles(s)[0]!, 'utf8')
      .replace(/^url: .*$/m, 'url: "https://news.example.org/embargoed"')
      .replace(/^published: .*$/m, `published: "${new Date(NOW_MS - 3_600_000).toISOString()}"`)
      .replace(/^updated: .*\n/m, '')
      .replace(/^syndication:\n(  .*\n)+/m, `syndication:\n  partners: "all"\n  embargo: "${new Date(NOW_MS + 3_600_000).toISOString()}"\n`);
    writeFileSync(embargoed, text);
    const held = await run(s);
    expect(held.counts.held).toBeGreaterThanOrEqual(1);
    expect(jsonFeed(s.out).items.some((i) => i.id.endsWith('/embargoed'))).toBe(false);
    // Still under embargo: nothing to do.
    const still = await run(s, { now: NOW_MS + 1_800_000 });
    expect(still.report.written).toEqual([]);
    // Embargo over: the same files, a later now, and the item is in.
    const lifted = await run(s, { now: NOW_MS + 7_200_000 });
    expect(lifted.report.written).toContain('feed.json');
    expect(jsonFeed(s.out).items[0]!.id).toBe('https://news.example.org/embargoed');
    expect(feeds(s.out)).toEqual(await reference(s, NOW_MS + 7_200_000));
  });
});

describe('a kill between runs (see docs/story-changes.md)', () => {
  it('the tombstone appears, stays while nothing changes, and goes when its window ends with no file changed', async () => {
    const s = site(20);
    const file = itemFiles(s)[0]!;
    const id = /^url: "?([^"\n]+)"?$/m.exec(readFileSync(file, 'utf8'))![1]!;
    await run(s);
    const killedAt = NOW_MS - 3_600_000;
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: /m, `withdrawn:\n  at: "${new Date(killedAt).toISOString()}"\n  reason: "legal"\ntitle: `));
    const killed = await run(s);
    expect(killed.report.written).toContain('feed.json');
    const deleted = (dir: string) => (JSON.parse(readFileSync(path.join(dir, 'feed.json'), 'utf8')) as { _wirefeed?: { deleted?: { id: string }[] } })._wirefeed?.deleted ?? [];
    expect(deleted(s.out).map((d) => d.id)).toContain(id);
    expect(feeds(s.out)).toEqual(await reference(s));
    // A day later, nothing changed: nothing to do.
    expect((await run(s, { now: NOW_MS + 86_400_000 })).report.written).toEqual([]);
    // The window (30 days) ends: the same files, a later now, and the tombstone is gone.
    const after = killedAt + 30 * 86_400_000;
    const gone = await run(s, { now: after });
    expect(gone.report.written).toContain('feed.json');
    expect(deleted(s.out)).toEqual([]);
    expect(feeds(s.out)).toEqual(await reference(s, after));
  });
});

describe('the cache is never trusted over the items', () => {
  it('survives deletion: the next run rebuilds it and writes the same feeds', async () => {
    const s = site(40);
    const ref = await reference(s);
    await run(s);
    rmSync(s.cache, { recursive: true, force: true });
    const r = await run(s);
    expect(r.exitCode).toBe(0);
    expect(r.report.written).toEqual([]);
    expect(feeds(s.out)).toEqual(ref);
    expect(cacheFiles(s).length).toBeGreaterThan(0);
    // And it works again: an edit is seen.
    const file = fileOf(s, jsonFeed(s.out).items[0]!.id);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: "After deletion"'));
    await run(s);
    expect(jsonFeed(s.out).items[0]!.title).toBe('After deletion');
  });

  const corruptions: [string, (text: string) => string][] = [
    ['garbage', () => '\u0000\u00ff not json at all {{{'],
    ['truncated', (t) => t.slice(0, Math.floor(t.length / 2))],
    ['empty', () => ''],
    ['another cache version', (t) => t.replace(/"wirefeedCache":\d+/, '"wirefeedCache":999')],
    ['valid JSON of the wrong shape', () => '{"wirefeedCache":1,"kind":"items","key":"x","data":[1,2,3]}'],
  ];

  it.each(corruptions)('a %s cache file is ignored and rebuilt', async (_name, corrupt) => {
    const s = site(30);
    await run(s);
    // The first item's entry claims a different title: if any of it were trusted, it would show.
    for (const f of cacheFiles(s)) writeFileSync(f, corrupt(readFileSync(f, 'utf8')));
    const edited = fileOf(s, jsonFeed(s.out).items[0]!.id);
    writeFileSync(edited, readFileSync(edited, 'utf8').replace(/^title: .*$/m, 'title: "Edited while the cache was broken"'));
    const r = await run(s);
    expect(r.exitCode).toBe(0);
    expect(jsonFeed(s.out).items[0]!.title).toBe('Edited while the cache was broken');
    expect(feeds(s.out)).toEqual(await reference(s));
    // Rewritten whole: every cache file parses again.
    for (const f of cacheFiles(s)) expect(() => JSON.parse(readFileSync(f, 'utf8'))).not.toThrow();
  });

  it('an entry that lies about its item is not used once the file differs', async () => {
    const s = site(20);
    await run(s);
    const first = jsonFeed(s.out).items[0]!;
    // Rewrite the cached title of that item (a cache edited by hand, or by a bug).
    for (const f of cacheFiles(s)) {
      const t = readFileSync(f, 'utf8');
      if (t.includes(JSON.stringify(first.title))) writeFileSync(f, t.split(JSON.stringify(first.title)).join('"Poisoned"'));
    }
    const file = fileOf(s, first.id);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^summary: .*$/m, 'summary: "New summary"'));
    await run(s);
    expect(jsonFeed(s.out).items[0]!.title).toBe(first.title);
  });
});

describe('an item file that changes while a run reads it', () => {
  it('stops the run with exit 75 and nothing written; the next run publishes without it', async () => {
    const s = site(30);
    expect((await run(s)).exitCode).toBe(0);
    const before = snapshot(s.out);
    // A new story, so the main feed must be rendered again from the cached index…
    addLateItem(s);
    // …and an unchanged story that the feed shows vanishes after the listing, before its body is read.
    const shown = jsonFeed(s.out).items[0]!;
    const victim = fileOf(s, shown.id);
    const r = await runChangingAtRender(s, () => rmSync(victim));
    expect(r.exitCode).toBe(75);
    expect(r.fatal).toMatch(/changed while this run read it/);
    expect(snapshot(s.out)).toEqual(before);

    const next = await run(s);
    expect(next.exitCode).toBe(0);
    const ids = jsonFeed(s.out).items.map((i) => i.id);
    expect(ids[0]).toBe('https://news.example.org/late');
    expect(ids).not.toContain(shown.id);
  });
});
