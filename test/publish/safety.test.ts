// The safety valve's judgement (a pure function) and its reader of the feed on disk, which must
// find in our own RSS, Atom and JSON Feed the same ids an XML parser finds.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderSite } from '../../src/build.js';
import { catalog } from '../../src/catalog.js';
import { configSchema } from '../../src/config/schema.js';
import { judgeDrop, publishedItems, type PublishedFeed } from '../../src/publish/safety.js';
import type { Item } from '../../src/types.js';

const feed = (ids: string[]): PublishedFeed => ({ file: 'out/feed.json', items: ids.map((id) => ({ id, title: `T ${id}` })) });
const ids = (n: number, p = 'i') => Array.from({ length: n }, (_, k) => `${p}${k}`);

describe('judgeDrop', () => {
  it('refuses only more than max_drop, counting only ids neither in the next feed nor accounted for', () => {
    const onDisk = feed(ids(10));
    const next = new Set(ids(10).slice(6));
    expect(judgeDrop({ published: onDisk, next, accounted: next, maxDrop: 0.5 })?.lost.map((l) => l.id)).toEqual(ids(6));
    expect(judgeDrop({ published: onDisk, next: new Set(ids(10).slice(5)), accounted: new Set(), maxDrop: 0.5 })).toBeUndefined();
    // Pushed out by newer items, withdrawn or expired: accounted for, never lost.
    expect(judgeDrop({ published: onDisk, next: new Set(ids(10, 'new')), accounted: new Set(ids(10)), maxDrop: 0 })).toBeUndefined();
    expect(judgeDrop({ published: feed([]), next: new Set(), accounted: new Set(), maxDrop: 0 })).toBeUndefined();
  });

  it('says what would be lost: count, share, the first ten ids with titles', () => {
    const r = judgeDrop({ published: feed(ids(20)), next: new Set(), accounted: new Set(), maxDrop: 0.5 })!;
    expect(r.reason).toBe('drop');
    expect(r.message).toContain('20 of the 20 items in out/feed.json (100%)');
    expect(r.message).toContain('i0 ("T i0"), i1 ("T i1")');
    expect(r.message).toContain('i9 ("T i9"), and 10 more');
    expect(r.message).toContain('--force');
  });

  it('matches an Atom tag: id back to the item id it was made from', () => {
    const published: PublishedFeed = { file: 'out/atom.xml', items: [{ id: 'tag:example.org,2026-11-26:a%2Fb', itemId: 'a/b' }] };
    expect(judgeDrop({ published, next: new Set(['a/b']), accounted: new Set(), maxDrop: 0 })).toBeUndefined();
  });
});

describe('publishedItems reads our own feeds as an XML parser does', () => {
  const config = configSchema.parse({
    site: { title: 'T & <co>', home: 'https://example.org/', feeds_base: 'https://example.org/feeds/', language: 'en' },
  });
  const item = (id: string, title: string, k: number): Item => ({
    file: `${id}.md`, id, url: `https://example.org/${k}`, title, published: Date.UTC(2026, 10, 1 + k), updated: Date.UTC(2026, 10, 1 + k),
    authors: [{ name: 'A' }], contributors: [], tags: [], syndication: { partners: 'all' }, withdrawn: false,
  });
  const items = [
    item('https://example.org/1', 'Plain', 1),
    item('TT:2026 & <7>', 'Markup <b>&amp;</b> "quoted" ]]>', 2),
    item('urn:uuid:5f1c0000-0000-4000-8000-000000000001', 'Ünïcödé — 東京', 3),
  ];
  const rendered = renderSite(catalog(items, Date.UTC(2027, 0, 1)), config).rendered;
  const body = (name: string) => rendered.find((r) => r.path === name)!.body;
  const xml = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'item' || n === 'entry' });

  it('RSS: guid and title', () => {
    const parsed = (xml.parse(body('rss.xml')).rss.channel.item as { guid: { '#text': string }; title: string }[]).map((i) => ({ id: i.guid['#text'], title: String(i.title) }));
    expect(publishedItems('rss', body('rss.xml'))).toEqual(parsed);
    expect(parsed.map((p) => p.id).sort()).toEqual(items.map((i) => i.id).sort());
  });

  it('Atom: id (with the item id of a tag: URI) and title', () => {
    const got = publishedItems('atom', body('atom.xml'))!;
    const parsed = (xml.parse(body('atom.xml')).feed.entry as { id: string; title: { '#text': string } | string }[]).map((e) => e.id);
    expect(got.map((g) => g.id)).toEqual(parsed);
    expect(got.map((g) => g.itemId ?? g.id).sort()).toEqual(items.map((i) => i.id).sort());
  });

  it('markup in a CDATA section (a body\'s HTML) is text, never an item or an id', () => {
    const fake = '</item></entry><item><guid>fake</guid><title>x</title></item><entry><id>fake</id></entry><id>fake</id><guid>fake</guid>';
    for (const [format, name, root, el] of [['rss', 'rss.xml', 'rss', 'item'], ['atom', 'atom.xml', 'feed', 'entry']] as const) {
      const doc = body(name).replaceAll('<![CDATA[', `<![CDATA[${fake}`);
      expect(doc).toContain(fake);
      const parsed = xml.parse(doc)[root];
      const entries = (root === 'rss' ? parsed.channel[el] : parsed[el]) as { guid?: { '#text': string }; id?: string }[];
      const got = publishedItems(format, doc)!;
      expect(got.map((g) => g.id)).toEqual(entries.map((e) => e.guid?.['#text'] ?? e.id));
      expect(got).toEqual(publishedItems(format, body(name)));
    }
  });

  it('JSON Feed: id and title; anything else is no feed', () => {
    expect(publishedItems('json', body('feed.json'))!.map((i) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
    expect(publishedItems('json', '{"truncated": ')).toBeUndefined();
    expect(publishedItems('rss', '<html></html>')).toBeUndefined();
  });
});
