// An index row's tags and authors (cache/head.ts parsedMeta): parsed once per distinct text and
// shared, so frozen; a row of any other shape is not trusted (the item's file then says). And
// an indexed item's other metadata, as a parser thread hands it over: kept as text, parsed for
// the items asked for last.
import { describe, expect, it } from 'vitest';
import { IndexedItem, parsedMeta, type Head } from '../../src/cache/head.js';
import { makeItem } from '../helpers/item.js';

const row = (tags: unknown, authors: unknown) => JSON.stringify([tags, authors]);

describe('parsedMeta', () => {
  it('gives [tags, authors], one parse shared by every row of the same text', () => {
    const text = row(['Climate', 'Ukraine'], [{ name: 'NTB', url: 'https://www.ntb.no/' }]);
    const a = parsedMeta(text)!;
    const b = parsedMeta([text].join(''))!;
    expect(a).toEqual([['Climate', 'Ukraine'], [{ name: 'NTB', url: 'https://www.ntb.no/' }]]);
    // The same text (built anew, as each index row is): the very same arrays.
    expect(b[0]).toBe(a[0]);
    expect(b[1]).toBe(a[1]);
    expect(parsedMeta(row(['Climate'], [{ name: 'NTB', url: 'https://www.ntb.no/' }]))![0]).not.toBe(a[0]);
  });

  it('freezes what it shares: an item cannot change another item’s tags or authors', () => {
    const [tags, authors] = parsedMeta(row(['Economy'], [{ name: 'TT News Agency' }]))!;
    expect(() => (tags as string[]).push('Sport')).toThrow(TypeError);
    expect(() => {
      (authors[0] as { name: string }).name = 'Someone';
    }).toThrow(TypeError);
    expect(parsedMeta(row(['Economy'], [{ name: 'TT News Agency' }]))).toEqual([['Economy'], [{ name: 'TT News Agency' }]]);
  });

  it.each([
    ['not JSON', '[["a"], [{"name": "x"}'],
    ['not a pair', JSON.stringify({ tags: [], authors: [] })],
    ['a tag that is not text', row([1], [{ name: 'x' }])],
    ['one tag of several that is not text', row(['Climate', 1], [{ name: 'x' }])],
    ['tags that are not a list', row('Climate', [{ name: 'x' }])],
    ['one author of several without a name', row([], [{ name: 'NTB' }, { url: 'https://x.example/' }])],
    ['no author', row([], [])],
    ['an author without a name', row([], [{ url: 'https://x.example/' }])],
    ['authors that are not a list', row([], 'NTB')],
  ])('trusts no row that is %s', (_what, text) => {
    expect(parsedMeta(text)).toBeUndefined();
    // Asked again (now from the memo): still not trusted.
    expect(parsedMeta(text)).toBeUndefined();
  });
});

describe('IndexedItem: the rest of its metadata, as a parser thread gave it (JSON text)', () => {
  const head = (n: number): Head => ({
    id: `https://news.example.org/story-${n}`,
    published: Date.UTC(2026, 10, 1) + n,
    updated: Date.UTC(2026, 10, 1) + n,
    withdrawn: false,
    syndication: { partners: 'all' },
    meta: row(['Energy'], [{ name: 'NTB' }]),
    photo: '',
    bodyImages: [],
  });
  const rest = (n: number) => ({
    url: `https://news.example.org/story-${n}`,
    title: `Story ${n}`,
    image: { url: `https://img.example.org/${n}.jpg`, credit: 'Photo: Lise Åserud / NTB' },
    contributors: [{ name: 'Kari Nordmann', role: 'translator' }],
  });
  const item = (n: number) => new IndexedItem(`items/story-${n}.md`, `/srv/items/story-${n}.md`, head(n), undefined, {}, 'hash', JSON.stringify(rest(n)));

  it('answers from the text, asked once or many times', () => {
    const i = item(1);
    expect([i.url, i.title, i.image, i.contributors]).toEqual([rest(1).url, rest(1).title, rest(1).image, rest(1).contributors]);
    // Asked again while it is among the last parsed: the same objects, not a parse per question.
    expect(i.image).toBe(i.image);
  });

  it('keeps a rest parsed in this thread (an object, not text) for good: its file is not read again', () => {
    // No file at /srv/items/…: a read would stop the run (ItemChangedError).
    const i = new IndexedItem('items/story-1.md', '/srv/items/story-1.md', head(1), undefined, {}, 'hash', makeItem(rest(1)));
    const image = i.image;
    for (let n = 0; n < 10_000; n++) void item(n).title;
    expect(i.image).toBe(image);
    expect([i.url, i.title]).toEqual([rest(1).url, rest(1).title]);
  });

  it('keeps the parsed rest of the last few thousand items asked, not of every item: an archive build does not end with them all', () => {
    const items = Array.from({ length: 10_000 }, (_, n) => item(n));
    const first = items[0]!.image;
    for (const i of items) void i.title;
    // Parsed again from its text (another object), with the same values.
    expect(items[0]!.image).not.toBe(first);
    expect(items[0]!.image).toEqual(rest(0).image);
    expect(items.map((i) => i.url)).toEqual(items.map((_, n) => rest(n).url));
    expect(JSON.parse(JSON.stringify(items[9_999]))).toMatchObject({ ...rest(9_999), id: head(9_999).id, tags: ['Energy'] });
  });
});
