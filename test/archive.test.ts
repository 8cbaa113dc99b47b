// RFC 5005 archives: walk the chain from each subscription document with a parser, in every
// format, and check that every item turns up exactly once, in order, with the right links.
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build, catalog, loadConfig, loadItems } from '../src/index.js';
import { byUpdated } from '../src/catalog.js';
import { partnerItems } from '../src/select/partners.js';
import type { Format } from '../src/types.js';
import { atomSchemaErrors } from './helpers/jing.js';
import { jsonFeedErrors } from './helpers/jsonfeed.js';
import { dirOf, testAccess } from './helpers/partners.js';

const FIXTURE = path.resolve('test/fixtures/archive');
const CONFIG = path.join(FIXTURE, 'wirefeed.config.yaml');
const access = testAccess(['nordpress']);
const NORDPRESS = dirOf(access, 'nordpress');
const BASE = 'https://archive.example.org/feeds/';
const NOW = Date.parse('2026-11-26T12:00:00Z');
const FORMATS: Format[] = ['rss', 'atom', 'json'];
const FILE: Record<Format, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (_name, jpath) =>
    ['rss.channel.item', 'rss.channel.atom:link', 'feed.entry', 'feed.link', 'feed.entry.link'].includes(String(jpath)),
});

/** What a reader needs from one document, whatever its format. */
interface Doc {
  urls: string[];
  links: Record<string, string | undefined>;
  archive: boolean;
  complete: boolean;
  updated: number;
}

function parseDoc(format: Format, text: string): Doc {
  if (format === 'json') {
    const f = JSON.parse(text);
    return {
      urls: f.items.map((i: { url: string }) => i.url),
      links: { self: f.feed_url, 'prev-archive': f.next_url, 'next-archive': f._wirefeed?.next_archive, current: f._wirefeed?.current },
      archive: f._wirefeed?.archive === true,
      complete: f._wirefeed?.complete === true,
      updated: Date.parse(f._wirefeed.updated),
    };
  }
  const root = xml.parse(text);
  const head = format === 'rss' ? root.rss.channel : root.feed;
  const links: Record<string, string | undefined> = {};
  for (const l of (format === 'rss' ? head['atom:link'] : head.link) ?? []) if (l['@_rel'] !== 'alternate') links[l['@_rel']] = l['@_href'];
  const entries = (format === 'rss' ? head.item : head.entry) ?? [];
  return {
    urls:
      format === 'rss'
        ? entries.map((i: { link: string }) => i.link)
        : entries.map((e: { link: { '@_rel': string; '@_href': string }[] }) => e.link.find((l) => l['@_rel'] === 'alternate')!['@_href']),
    links,
    archive: 'fh:archive' in head,
    complete: 'fh:complete' in head,
    updated: Date.parse(format === 'rss' ? head.lastBuildDate : head.updated),
  };
}

async function readDoc(out: string, format: Format, url: string): Promise<Doc> {
  expect(url.startsWith(BASE), url).toBe(true);
  return parseDoc(format, await readFile(path.join(out, url.slice(BASE.length)), 'utf8'));
}

/** The items each feed must hold, newest first, as the catalog orders them. */
async function expectedUrls(feed: { tag?: string; partner?: string } = {}): Promise<{ url: string; published: number; updated: number }[]> {
  const loaded = await loadItems(path.join(FIXTURE, 'items'), { author: { name: 'Archive Test Desk' } });
  let items = catalog(loaded.items, NOW).items;
  if (feed.tag) items = items.filter((i) => i.tags.includes(feed.tag!));
  if (feed.partner) {
    const config = await loadConfig(CONFIG);
    if (!config.ok) throw new Error('fixture config');
    // Partner feeds order by the latest change (a correction brings a story back up).
    items = partnerItems(items, config.config.partners.find((p) => p.name === feed.partner)!, config.config).sort(byUpdated);
  }
  return items.map((i) => ({ url: i.url, published: i.published, updated: i.updated }));
}

/** Follow prev-archive from the subscription document, checking every link on the way. */
async function walk(out: string, feedDir: string, format: Format) {
  const subscriptionUrl = `${BASE}${feedDir}${FILE[format]}`;
  const sub = await readDoc(out, format, subscriptionUrl);
  expect(sub.links.self).toBe(subscriptionUrl);
  expect(sub.archive).toBe(false);
  const seen = [...sub.urls];
  const archives: { url: string; doc: Doc }[] = [];
  let newer = subscriptionUrl;
  let next = sub.links['prev-archive'];
  while (next) {
    expect(archives.map((a) => a.url), 'a loop in the chain').not.toContain(next);
    const doc = await readDoc(out, format, next);
    expect(doc.links.self).toBe(next);
    expect(doc.archive).toBe(true);
    expect(doc.complete).toBe(false);
    expect(doc.links.current).toBe(subscriptionUrl);
    // The newest archive has no later archive; every other one links back to the one we came from.
    expect(doc.links['next-archive']).toBe(newer === subscriptionUrl ? undefined : newer);
    expect(next).toMatch(new RegExp(`^${BASE}${feedDir}archive/\\d{4}-\\d{2}/${FILE[format].replace('.', '\\.')}$`));
    archives.push({ url: next, doc });
    seen.push(...doc.urls);
    newer = next;
    next = doc.links['prev-archive'];
  }
  return { sub, archives, seen };
}

let out: string;
beforeEach(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-archive-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

async function run(itemsDir = path.join(FIXTURE, 'items')) {
  const result = await build({ configFile: CONFIG, itemsDir, outDir: out, now: NOW, access });
  expect(result.problems).toEqual([]);
  expect(result.exitCode).toBe(0);
  return result;
}

describe('the archive chain', () => {
  for (const format of FORMATS) {
    it(`main feed, ${format}: every item exactly once, in order, in monthly archives`, async () => {
      await run();
      const expected = await expectedUrls();
      const { sub, archives, seen } = await walk(out, '', format);
      expect(seen).toEqual(expected.map((e) => e.url));
      expect(sub.urls).toHaveLength(3);
      expect(sub.complete).toBe(false);
      // 2026-09-01T01:30+02:00 is still August in UTC: months are UTC months.
      expect(archives.map((a) => a.url.slice(BASE.length, BASE.length + 'archive/2026-10'.length))).toEqual([
        'archive/2026-10',
        'archive/2026-09',
        'archive/2026-08',
      ]);
      for (const { url, doc } of archives) {
        const month = /archive\/(\d{4}-\d{2})\//.exec(url)![1];
        const mine = expected.filter((e) => doc.urls.includes(e.url));
        for (const e of mine) expect(new Date(e.published).toISOString().slice(0, 7)).toBe(month);
        // The document's date is its own items' newest `updated`, so nothing else moves it.
        expect(doc.updated).toBe(Math.max(...mine.map((e) => e.updated)));
      }
    });

    it(`tag feed, ${format}: archives under tags/<slug>/archive/`, async () => {
      await run();
      const { archives, seen } = await walk(out, 'tags/nordic/', format);
      expect(seen).toEqual((await expectedUrls({ tag: 'Nordic' })).map((e) => e.url));
      expect(archives.map((a) => a.url.slice(BASE.length))).toEqual([
        `tags/nordic/archive/2026-09/${FILE[format]}`,
        `tags/nordic/archive/2026-08/${FILE[format]}`,
      ]);
    });

    it(`partner feed, ${format}: archives under partners/<token>/archive/, rights applied in every one`, async () => {
      await run();
      const { archives, seen } = await walk(out, `${NORDPRESS}/`, format);
      const expected = await expectedUrls({ partner: 'nordpress' });
      expect(expected).toHaveLength(6);
      expect(seen).toEqual(expected.map((e) => e.url));
      expect(archives.map((a) => a.url.slice(BASE.length))).toEqual([
        `${NORDPRESS}/archive/2026-09/${FILE[format]}`,
        `${NORDPRESS}/archive/2026-08/${FILE[format]}`,
      ]);
      // The AP photo on the August story is withheld from the partner, in its archive too, while
      // the main archive carries it and the partner still gets the TT photo of September.
      const apPhoto = 'https://archive.example.org/media/barents-trawler.jpg';
      const ttPhoto = 'https://archive.example.org/media/svalbard-station.jpg';
      const text = (rel: string) => readFile(path.join(out, rel, FILE[format]), 'utf8');
      expect(await text(`${NORDPRESS}/archive/2026-08`)).not.toContain(apPhoto);
      expect(await text('archive/2026-08')).toContain(apPhoto);
      expect(await text(`${NORDPRESS}/archive/2026-09`)).toContain(ttPhoto);
    });

    it(`a feed that holds every item says fh:complete and has no archives, ${format}`, async () => {
      await run();
      const doc = await readDoc(out, format, `${BASE}tags/arctic/${FILE[format]}`);
      expect(doc.complete).toBe(true);
      expect(doc.archive).toBe(false);
      expect(doc.links['prev-archive']).toBeUndefined();
      expect(doc.urls).toEqual((await expectedUrls({ tag: 'Arctic' })).map((e) => e.url));
      // ...and a feed with archives never claims to be complete.
      expect((await readDoc(out, format, `${BASE}${FILE[format]}`)).complete).toBe(false);
    });
  }

  it('with archives off, a truncated feed is neither complete nor archived', async () => {
    const loaded = await loadConfig(CONFIG);
    if (!loaded.ok) throw new Error('fixture config');
    const config = { ...loaded.config, archive: { ...loaded.config.archive, enabled: false } };
    await build({ config, itemsDir: path.join(FIXTURE, 'items'), outDir: out, now: NOW, access });
    for (const format of FORMATS) {
      const doc = await readDoc(out, format, `${BASE}${FILE[format]}`);
      expect(doc).toMatchObject({ archive: false, complete: false });
      expect(doc.links['prev-archive']).toBeUndefined();
    }
    expect(await readdir(out)).not.toContain('archive');
  });

  it('with tag archives off, a tag feed keeps its newest only, while the main feed keeps its archives', async () => {
    const loaded = await loadConfig(CONFIG);
    if (!loaded.ok) throw new Error('fixture config');
    const config = { ...loaded.config, archive: { ...loaded.config.archive, tags: false } };
    await build({ config, itemsDir: path.join(FIXTURE, 'items'), outDir: out, now: NOW, access });
    for (const format of FORMATS) {
      const tag = await readDoc(out, format, `${BASE}tags/nordic/${FILE[format]}`);
      expect(tag).toMatchObject({ archive: false, complete: false });
      expect(tag.links['prev-archive']).toBeUndefined();
      expect(tag.urls).toEqual((await expectedUrls({ tag: 'Nordic' })).slice(0, 3).map((i) => i.url));
      expect((await readDoc(out, format, `${BASE}${FILE[format]}`)).links['prev-archive']).toBeDefined();
    }
    expect(await readdir(path.join(out, 'tags/nordic'))).not.toContain('archive');
    expect(await readdir(out)).toContain('archive');
  });

  it('every document, archives included, is valid: Atom against RFC 4287 (jing), JSON Feed against its schema', async () => {
    await run();
    const files = (await readdir(out, { recursive: true })).map((f) => f.split(path.sep).join('/'));
    const atoms = files.filter((f) => f.endsWith('atom.xml'));
    const jsons = files.filter((f) => f.endsWith('feed.json'));
    // main 1+3, tag nordic 1+2, tag arctic 1, partner 1+2
    expect(atoms).toHaveLength(11);
    expect(jsons).toHaveLength(11);
    const docs: Record<string, string> = {};
    for (const f of atoms) docs[f] = await readFile(path.join(out, f), 'utf8');
    expect(await atomSchemaErrors(docs)).toEqual([]);
    for (const f of jsons) expect(jsonFeedErrors(await readFile(path.join(out, f), 'utf8')), f).toEqual([]);
  });
});

describe('archives are rewritten only when their items change', () => {
  const feedFiles = (paths: string[]) => paths.filter((p) => /(rss\.xml|atom\.xml|feed\.json)$/.test(p)).sort();
  const three = (dir: string) => FORMATS.map((f) => (dir ? `${dir}/${FILE[f]}` : FILE[f])).sort();

  async function copyItems(): Promise<string> {
    const items = path.join(out, '..', `${path.basename(out)}-items`);
    await cp(path.join(FIXTURE, 'items'), items, { recursive: true });
    return items;
  }

  it('a second run writes nothing; a correction rewrites only its month', async () => {
    const items = await copyItems();
    try {
      await run(items);
      expect(feedFiles((await run(items)).report.written)).toEqual([]);

      const file = path.join(items, 'd-sep-15.md');
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace('updated: 2026-10-02T10:00:00+02:00', 'updated: 2026-10-09T10:00:00+02:00'));
      const r = await run(items);
      // Main and tag feeds order by published: only the story's month changes. The partner's feed
      // orders by the latest change: the corrected story comes back into its subscription document,
      // which pushes its oldest story there into October's archive.
      expect(feedFiles(r.report.written)).toEqual(
        [
          ...three('archive/2026-09'),
          ...three('tags/nordic/archive/2026-09'),
          ...three(NORDPRESS),
          ...three(`${NORDPRESS}/archive/2026-09`),
          ...three(`${NORDPRESS}/archive/2026-10`),
        ].sort(),
      );
      const partner = await readDoc(out, 'atom', `${BASE}${NORDPRESS}/atom.xml`);
      expect(partner.urls).toContain('https://archive.example.org/stories/d-sep-15');
      const doc = await readDoc(out, 'atom', `${BASE}archive/2026-09/atom.xml`);
      expect(doc.updated).toBe(Date.parse('2026-10-09T10:00:00+02:00'));
    } finally {
      await rm(items, { recursive: true, force: true });
    }
  });

  it('a new story: the subscription documents, the month it pushes an item into, and that month’s newer neighbour', async () => {
    const items = await copyItems();
    try {
      await run(items);
      await writeFile(
        path.join(items, 'k-nov-25.md'),
        '---\ntitle: Reykjavik airport reopens\nurl: https://archive.example.org/stories/k-nov-25\npublished: 2026-11-25T10:00:00Z\nauthors:\n  - name: NTB\n---\nThe airport reopened.\n',
      );
      const r = await run(items);
      // h (4 Nov) leaves the subscription document and opens archive/2026-11; 2026-10 gains its
      // next-archive link. September and August are closed and stay as they were.
      expect(feedFiles(r.report.written)).toEqual([...three(''), ...three('archive/2026-11'), ...three('archive/2026-10')].sort());
      for (const format of FORMATS) {
        const { seen } = await walk(out, '', format);
        expect(seen[0]).toBe('https://archive.example.org/stories/k-nov-25');
        expect(new Set(seen).size).toBe(12);
        expect(seen).toHaveLength(12);
      }
    } finally {
      await rm(items, { recursive: true, force: true });
    }
  });
});
