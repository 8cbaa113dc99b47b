// An index row's tags and authors, as a parser made them (JSON text, cache/head.ts parsedTags,
// parsedAuthors): parsed once per distinct text and shared, so frozen; a text of any other shape
// is not trusted (the item's file then says). And an indexed item's other metadata, as a parser
// thread hands it over: kept as text, parsed for the items asked for last.
import { describe, expect, it } from 'vitest';
import { IndexedItem, parsedAuthors, parsedTags, type Head } from '../../src/cache/head.js';
import { makeItem } from '../helpers/item.js';

const json = (v: unknown) => JSON.stringify(v);

describe('parsedTags and parsedAuthors', () => {
  it('give the list, one parse shared by every row of the same text', () => {
    const text = json(['Climate', 'Ukraine']);
    const a = parsedTags(text)!;
    expect(a).toEqual(['Climate', 'Ukraine']);
    // The same text (built anew, as each index row is): the very same array.
    expect(parsedTags([text].join(''))).toBe(a);
    expect(parsedTags(json(['Climate']))).not.toBe(a);
    const by = parsedAuthors(json([{ name: 'NTB', url: 'https://www.ntb.no/' }]))!;
    expect(by).toEqual([{ name: 'NTB', url: 'https://www.ntb.no/' }]);
    expect(parsedAuthors(json([{ name: 'NTB', url: 'https://www.ntb.no/' }]))).toBe(by);
  });

  it('freeze what they share: an item cannot change another item’s tags or authors', () => {
    const tags = parsedTags(json(['Economy']))!;
    const authors = parsedAuthors(json([{ name: 'TT News Agency' }]))!;
    expect(() => tags.push('Sport')).toThrow(TypeError);
    expect(() => {
      (authors[0] as { name: string }).name = 'Someone';
    }).toThrow(TypeError);
    expect(parsedTags(json(['Economy']))).toEqual(['Economy']);
    expect(parsedAuthors(json([{ name: 'TT News Agency' }]))).toEqual([{ name: 'TT News Agency' }]);
  });

  it.each([
    ['not JSON', '["a"'],
    ['a tag that is not text', json([1])],
    ['one tag of several that is not text', json(['Climate', 1])],
    ['tags that are not a list', json('Climate')],
  ])('trust no tags that are %s', (_what, text) => {
    expect(parsedTags(text)).toBeUndefined();
    // Asked again (now from the memo): still not trusted.
    expect(parsedTags(text)).toBeUndefined();
  });

  it.each([
    ['not JSON', '[{"name": "x"}'],
    ['one author of several without a name', json([{ name: 'NTB' }, { url: 'https://x.example/' }])],
    ['no author', json([])],
    ['an author without a name', json([{ url: 'https://x.example/' }])],
    ['an author that is not an object', json(['NTB'])],
    ['authors that are not a list', json('NTB')],
  ])('trust no authors that are %s', (_what, text) => {
    expect(parsedAuthors(text)).toBeUndefined();
    expect(parsedAuthors(text)).toBeUndefined();
  });
});

describe('IndexedItem: the rest of its metadata, as a parser thread gave it (JSON text)', () => {
  const head = (n: number): Head => ({
    id: `https://news.example.org/story-${n}`,
    published: Date.UTC(2026, 10, 1) + n,
    updated: Date.UTC(2026, 10, 1) + n,
    withdrawn: false,
    syndication: { partners: 'all' },
    tags: json(['Energy']),
    authors: json([{ name: 'NTB' }]),
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
