// Independent readers read our feeds back equal: feedsmith's parsers for all three formats,
// and rss-parser (xml2js underneath, a different XML stack) for RSS and Atom.
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import type { Item } from '../../src/types.js';
import { creditParagraph, toSecond } from '../helpers/expect.js';
import { fixtureItem, renderMain, repoConfig, sampleItems } from '../helpers/site.js';

const config = repoConfig();
const samples = await sampleItems(config);
const fixtures = ['full.md', 'source-without-feed.json', 'minimal.md', 'rtl.md', 'hostile.md', 'hostile.json'].map((n) =>
  fixtureItem(n, config),
);

const rssParser = new Parser({ customFields: { item: [['dc:creator', 'creators', { keepArray: true }]] } });
type Loose = Record<string, any>;

/** Atom's id is the item's id, or the tag: URI made of it when it is not an IRI Atom can carry. */
const sameId = (atomId: string, item: Item) => atomId === item.id || (atomId.startsWith('tag:') && atomId.endsWith(`:${encodeURIComponent(item.id)}`));

/** RSS carries the byline in one dc:creator: "A", "A and B", "A, B and C". */
const byline = (item: Item) => {
  const names = item.authors.map((a) => a.name);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
};

const valueOf = (v: unknown) => (v && typeof v === 'object' ? (v as Loose).value : v);

describe.each([
  ['the sample items', samples],
  ['the fixtures, hostile ones included', fixtures],
])('%s', async (_, items) => {
  const out = renderMain(items, config);
  const fsRss = parseRssFeed(out.rss) as Loose;
  const fsAtom = parseAtomFeed(out.atom) as Loose;
  const fsJson = parseJsonFeed(JSON.parse(out.json)) as Loose;
  const rpRss = (await rssParser.parseString(out.rss)) as Loose;
  const rpAtom = (await rssParser.parseString(out.atom)) as Loose;

  const find = (list: Loose[], item: Item, idOf: (x: Loose) => unknown) => list.find((x) => idOf(x) === item.id || idOf(x) === item.url);

  it('every reader sees every item', () => {
    for (const list of [fsRss.items, fsAtom.entries, fsJson.items, rpRss.items, rpAtom.items]) expect(list).toHaveLength(items.length);
  });

  it('the feed title and date read back', () => {
    expect(fsRss.title).toBe(config.site.title);
    expect(valueOf(fsAtom.title)).toBe(config.site.title);
    expect(fsJson.title).toBe(config.site.title);
    expect(rpRss.title).toBe(config.site.title);
    const newest = Math.max(...items.map((i) => i.updated));
    expect(Date.parse(fsRss.lastBuildDate)).toBe(toSecond(newest));
    expect(Date.parse(fsAtom.updated)).toBe(newest);
  });

  describe.each(items.map((i) => [i.file, i] as const))('%s', (_, item) => {
    const credit = creditParagraph(item);

    it('feedsmith, RSS: title, link, guid, date, creators, content', () => {
      const r = fsRss.items.find((x: Loose) => x.guid?.value === item.id);
      expect(r, 'found by guid').toBeDefined();
      expect(r.title).toBe(item.title);
      expect(r.link).toBe(item.url);
      expect(r.guid.isPermaLink).toBe(item.id === item.url);
      expect(Date.parse(r.pubDate)).toBe(toSecond(item.published));
      expect(r.dc.creators).toEqual([byline(item)]);
      expect(r.content.encoded.endsWith(credit)).toBe(true);
    });

    it('feedsmith, Atom: title, link, id, dates, authors, content', () => {
      const e = fsAtom.entries.find((x: Loose) => x.links.some((l: Loose) => l.rel === 'alternate' && l.href === item.url));
      expect(e, 'found by its alternate link').toBeDefined();
      expect(valueOf(e.title)).toBe(item.title);
      expect(sameId(e.id, item)).toBe(true);
      expect(Date.parse(e.published)).toBe(item.published);
      expect(Date.parse(e.updated)).toBe(item.updated);
      expect(e.authors.map((a: Loose) => a.name)).toEqual(item.authors.map((a) => a.name));
      expect(valueOf(e.content).endsWith(credit)).toBe(true);
    });

    it('feedsmith, JSON Feed: title, url, id, dates, authors, content', () => {
      const j = find(fsJson.items, item, (x) => x.id)!;
      expect(j.title).toBe(item.title);
      expect(j.url).toBe(item.url);
      expect(j.id).toBe(item.id);
      expect(Date.parse(j.date_published)).toBe(item.published);
      expect(Date.parse(j.date_modified)).toBe(item.updated);
      expect(j.authors.map((a: Loose) => a.name)).toEqual(item.authors.map((a) => a.name));
      expect(j.content_html.endsWith(credit)).toBe(true);
    });

    it('rss-parser, RSS: title, link, guid, date, creators, content', () => {
      const r = find(rpRss.items, item, (x) => x.guid)!;
      expect(r.title).toBe(item.title);
      expect(r.link).toBe(item.url);
      expect(r.guid).toBe(item.id);
      expect(Date.parse(r.isoDate)).toBe(toSecond(item.published));
      expect(r.creators).toEqual([byline(item)]);
      expect(r['content:encoded'].endsWith(credit)).toBe(true);
    });

    it('rss-parser, Atom: title, link, id, date, author, content', () => {
      const a = rpAtom.items.find((x: Loose) => x.link === item.url);
      expect(a, 'found by link').toBeDefined();
      expect(a.title).toBe(item.title);
      expect(sameId(a.id, item)).toBe(true);
      expect(Date.parse(a.isoDate)).toBe(item.published);
      expect(a.author).toBe(item.authors[0]!.name);
      expect(a.content.endsWith(credit)).toBe(true);
    });
  });
});
