// An index row's tags and authors (cache/head.ts parsedMeta): parsed once per distinct text and
// shared, so frozen; a row of any other shape is not trusted (the item's file then says).
import { describe, expect, it } from 'vitest';
import { parsedMeta } from '../../src/cache/head.js';

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
