// The visible credit line (DESIGN.md): "By TT News Agency. English edition by Sweden Herald.
// Photo: Markus Schreiber/AP/TT", or the item's own `credit` verbatim.
import { describe, expect, it } from 'vitest';
import { creditLine, joinNames } from '../src/attribution.js';
import type { Item } from '../src/types.js';
import { makeItem } from './helpers/item.js';

const item = (over: Partial<Item>): Item => makeItem(over);

describe('creditLine', () => {
  it('builds the seed story line: authors, each contributor as "role by name", the photo credit', () => {
    const seed = item({
      contributors: [{ name: 'Sweden Herald', role: 'English edition' }],
      image: { url: 'https://news.example.org/p.jpg', credit: 'Markus Schreiber/AP/TT' },
    });
    expect(creditLine(seed)).toBe('By TT News Agency. English edition by Sweden Herald. Photo: Markus Schreiber/AP/TT');
  });

  it('joins two and three authors with "and", capitalises a lower-case role, never doubles a full stop', () => {
    expect(creditLine(item({ authors: [{ name: 'Åsa Öberg' }, { name: 'TT News Agency' }] }))).toBe('By Åsa Öberg and TT News Agency.');
    expect(creditLine(item({ authors: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] }))).toBe('By A, B and C.');
    expect(creditLine(item({ authors: [{ name: 'Reuters Inc.' }], contributors: [{ name: 'Nordic Wire Desk', role: 'additional reporting' }] }))).toBe(
      'By Reuters Inc. Additional reporting by Nordic Wire Desk.',
    );
  });

  it('leaves the photo out when the image has no credit, or there is no image', () => {
    expect(creditLine(item({ image: { url: 'https://news.example.org/p.jpg', caption: 'c' } }))).toBe('By TT News Agency.');
    expect(creditLine(item({}))).toBe('By TT News Agency.');
  });

  it("uses the item's own credit verbatim", () => {
    const own = 'Reporting by Reuters in Oslo and TT in Stockholm; English edition by Sweden Herald. Photo: Henrik Dahl/TT';
    expect(creditLine(item({ credit: own, image: { url: 'https://news.example.org/p.jpg', credit: 'Other/AP' } }))).toBe(own);
  });

  it('drops the photo credit of a photo withheld from the document, from a built line and from an own line', () => {
    const image = { url: 'https://news.example.org/p.jpg', credit: 'Ingrid Haugland/NTB' };
    expect(creditLine(item({ authors: [{ name: 'NTB' }], image }), 'Ingrid Haugland/NTB')).toBe('By NTB.');
    expect(creditLine(item({ credit: 'By NTB. Photo: Ingrid Haugland/NTB', image }), 'Ingrid Haugland/NTB')).toBe('By NTB.');
  });
});

describe('joinNames', () => {
  it('reads as a list in English', () => {
    expect(joinNames([])).toBe('');
    expect(joinNames(['A'])).toBe('A');
    expect(joinNames(['A', 'B'])).toBe('A and B');
    expect(joinNames(['A', 'B', 'C', 'D'])).toBe('A, B, C and D');
  });
});
