// The pure parts of archiving: which period an item falls in, and the documents for one feed.
import { describe, expect, it } from 'vitest';
import { archivedFeed, groupByPeriod, periodOf } from '../src/archive.js';
import type { FeedView, Item } from '../src/types.js';

const item = (id: string, published: string, updated = published): Item => ({
  file: `items/${id}.md`,
  id,
  url: `https://example.org/${id}`,
  title: id,
  published: Date.parse(published),
  updated: Date.parse(updated),
  authors: [{ name: 'TT' }],
  contributors: [],
  tags: [],
  syndication: { partners: 'all' },
  withdrawn: false,
});

const self = (dir: string) => ({
  rss: `https://example.org/feeds/${dir}rss.xml`,
  atom: `https://example.org/feeds/${dir}atom.xml`,
  json: `https://example.org/feeds/${dir}feed.json`,
});

const subscription = (items: Item[], dir = ''): FeedView => ({
  dir: dir.replace(/\/$/, ''),
  formats: ['rss', 'atom', 'json'],
  title: 'Desk',
  description: 'Desk',
  homeUrl: 'https://example.org/',
  language: 'en',
  generator: 'wirefeed',
  links: { self: self(dir), hub: 'https://hub.example.org/' },
  archive: false,
  complete: false,
  updated: Math.max(...items.map((i) => i.updated)),
  items,
  fullText: true,
  blockedImages: ['https://example.org/withheld.jpg'],
});

describe('periodOf', () => {
  it('uses UTC, whatever the offset the item was written with', () => {
    expect(periodOf(Date.parse('2026-09-01T01:30:00+02:00'), 'month')).toBe('2026-08');
    expect(periodOf(Date.parse('2026-08-31T23:30:00-02:00'), 'month')).toBe('2026-09');
    expect(periodOf(Date.parse('2027-01-01T00:30:00+01:00'), 'year')).toBe('2026');
  });
});

describe('groupByPeriod', () => {
  it('newest period first, items in their given order, one group per period', () => {
    const items = [item('c', '2026-10-02T00:00:00Z'), item('b', '2026-09-20T00:00:00Z'), item('a', '2026-09-01T00:00:00Z')];
    expect(groupByPeriod(items, 'month').map((g) => [g.key, g.items.map((i) => i.id)])).toEqual([
      ['2026-10', ['c']],
      ['2026-09', ['b', 'a']],
    ]);
    // Out of order input still makes one document per period.
    const shuffled = [items[1]!, items[0]!, items[2]!];
    expect(groupByPeriod(shuffled, 'month').map((g) => g.key)).toEqual(['2026-10', '2026-09']);
  });
});

describe('archivedFeed', () => {
  const newest = [item('e', '2026-11-20T00:00:00Z')];
  const older = [item('d', '2026-11-02T00:00:00Z'), item('c', '2025-12-31T12:00:00Z', '2026-03-01T00:00:00Z'), item('b', '2025-06-01T00:00:00Z'), item('a', '2024-02-01T00:00:00Z')];

  it('with nothing older, the subscription document is returned untouched', () => {
    const sub = { ...subscription(newest), complete: true };
    expect(archivedFeed(sub, [], 'month')).toEqual([sub]);
  });

  it('yearly archives of a tag feed: folders, chain, flags, dates and the rights list carried over', () => {
    const docs = archivedFeed(subscription(newest, 'tags/world/'), older, 'year');
    expect(docs.map((d) => d.dir)).toEqual(['tags/world', 'tags/world/archive/2026', 'tags/world/archive/2025', 'tags/world/archive/2024']);
    const [sub, y2026, y2025, y2024] = docs as [FeedView, FeedView, FeedView, FeedView];
    expect(sub.complete).toBe(false);
    expect(sub.links.prevArchive?.atom).toBe('https://example.org/feeds/tags/world/archive/2026/atom.xml');
    expect(y2026.links).toEqual({
      self: self('tags/world/archive/2026/'),
      hub: 'https://hub.example.org/',
      current: self('tags/world/'),
      prevArchive: self('tags/world/archive/2025/'),
    });
    expect(y2025.links.nextArchive).toEqual(self('tags/world/archive/2026/'));
    expect(y2024.links.prevArchive).toBeUndefined();
    expect(docs.slice(1).every((d) => d.archive && !d.complete)).toBe(true);
    expect(y2025.items.map((i) => i.id)).toEqual(['c', 'b']);
    // Its own items' newest `updated`: c's correction, not the feed's or the clock's.
    expect(y2025.updated).toBe(Date.parse('2026-03-01T00:00:00Z'));
    expect(y2025.title).toBe('Desk (archive: 2025)');
    expect(y2024.blockedImages).toEqual(['https://example.org/withheld.jpg']);
  });

  it('monthly archive titles name the month', () => {
    const docs = archivedFeed(subscription(newest), older, 'month');
    expect(docs[1]!.title).toBe('Desk (archive: November 2026)');
    expect(docs[1]!.dir).toBe('archive/2026-11');
  });
});
