// The visible credit line (DESIGN.md): "By TT News Agency. English edition by Sweden Herald.
// Photo: Markus Schreiber/AP/TT", or the item's own `credit` verbatim.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditLine, joinNames, photographerOf } from '../src/attribution.js';
import { catalog } from '../src/catalog.js';
import { renderDiscovery } from '../src/discovery/index.js';
import { parseItem } from '../src/items/parse.js';
import { renderView } from '../src/render/index.js';
import { selectViews } from '../src/select/index.js';
import { selectPartners } from '../src/select/partners.js';
import type { Item } from '../src/types.js';
import { makeItem } from './helpers/item.js';
import { NOW, repoConfig } from './helpers/site.js';
import { testAccess } from './helpers/partners.js';

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

describe('labels are printed once ("Photo: Photo: …" never)', () => {
  const image = (credit: string) => ({ url: 'https://news.example.org/p.jpg', credit });

  it('a photo credit that already has its label keeps it, once', () => {
    expect(creditLine(item({ image: image('Photo: Karin Nyström/TT') }))).toBe('By TT News Agency. Photo: Karin Nyström/TT');
    expect(creditLine(item({ image: image('photo by Karin Nyström/TT') }))).toBe('By TT News Agency. photo by Karin Nyström/TT');
    expect(creditLine(item({ image: image('PHOTO: AP') }))).toBe('By TT News Agency. PHOTO: AP');
    expect(creditLine(item({ image: image('Foto: Ingrid Haugland/NTB') }))).toBe('By TT News Agency. Foto: Ingrid Haugland/NTB');
    expect(creditLine(item({ image: image('Photos: Åsa Öberg and Björn Lindqvist/TT') }))).toBe('By TT News Agency. Photos: Åsa Öberg and Björn Lindqvist/TT');
    // A word that only begins like a label is a name: "Photographix" is credited "Photo: Photographix".
    expect(creditLine(item({ image: image('Photographix/TT') }))).toBe('By TT News Agency. Photo: Photographix/TT');
  });

  it('a role ending in "by" and a byline beginning with "By" are not doubled', () => {
    expect(creditLine(item({ contributors: [{ name: 'Sweden Herald', role: 'Translated by' }] }))).toBe('By TT News Agency. Translated by Sweden Herald.');
    expect(creditLine(item({ authors: [{ name: 'By Åsa Öberg' }] }))).toBe('By Åsa Öberg.');
    expect(creditLine(item({ authors: [{ name: 'Byron Lee' }] }))).toBe('By Byron Lee.');
  });

  it('a withheld photo takes its labelled credit with it', () => {
    const withheld = item({ image: image('Photo: Markus Schreiber/AP/TT') });
    expect(creditLine(withheld, 'Photo: Markus Schreiber/AP/TT')).toBe('By TT News Agency.');
  });

  it('names the photographer by the "Photographer/Agency" convention only', () => {
    expect(photographerOf('Markus Schreiber/AP/TT')).toBe('Markus Schreiber');
    expect(photographerOf('AP Photo/Evan Vucci')).toBe('Evan Vucci');
    expect(photographerOf('Åsa Öberg/Nordic Wire Desk')).toBe('Åsa Öberg');
    for (const none of ['AP/TT', 'NTB', 'Reuters', '', undefined, 'Photo <b>A</b> & B/"AP"']) expect(photographerOf(none)).toBeUndefined();
  });

  // Every document a build writes (main, tag and partner feeds in three formats, index.html),
  // for items whose names, roles and credits may already carry a label.
  const LABEL = /(?<![\p{L}\p{N}])(photos?|foto|pictures?|images?)(?![\p{L}\p{N}])[\s:]*(by(?![\p{L}\p{N}]))?[\s:]*(photos?|foto|pictures?|images?)(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])by\s+by(?![\p{L}\p{N}])/iu;
  const config = repoConfig();
  const name = fc.constantFrom('Karin Nyström', 'Evan Vucci', 'Åsa Öberg', 'Björn Lindqvist', 'Ingrid Haugland');
  const agency = fc.constantFrom('TT', 'AP', 'NTB', 'Reuters', 'AP/TT');
  const photoLabel = fc.constantFrom('', 'Photo: ', 'photo: ', 'PHOTO:', 'Photo by ', 'Foto: ', 'Photos: ', 'Picture: ', 'Image: ');
  const story = fc.record({
    byLabel: fc.constantFrom('', 'By ', 'by '),
    authors: fc.array(fc.oneof(name, fc.constantFrom('TT News Agency', 'NTB', 'AP')), { minLength: 1, maxLength: 3 }),
    role: fc.constantFrom('English edition', 'Translated by', 'additional reporting', 'Edited by'),
    credit: fc.tuple(photoLabel, name, agency).map(([l, n, a]) => `${l}${n}/${a}`),
  });

  it('in every format, for the main, tag and partner feeds and on index.html', () => {
    fc.assert(
      fc.property(fc.array(story, { minLength: 1, maxLength: 4 }), (stories) => {
        const items = stories.map((s, i) => {
          const json = {
            title: `Story ${i}`,
            url: `https://news.example.org/2026/11/0${i + 1}/story`,
            published: `2026-11-0${i + 1}T10:00:00Z`,
            authors: s.authors.map((a, k) => ({ name: k === 0 ? `${s.byLabel}${a}` : a })),
            contributors: [{ name: 'Sweden Herald', role: s.role }],
            image: { url: `https://news.example.org/media/${i}.jpg`, credit: s.credit },
            tags: ['Climate', 'Economy'],
            content_html: '<p>Text.</p>',
          };
          const parsed = parseItem(JSON.stringify(json), `items/${i}.json`, {});
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
          return parsed.item;
        });
        const cat = catalog(items, NOW);
        const access = testAccess(config);
        const views = [...selectViews(cat, config), ...selectPartners(cat, config, access)];
        const docs = [
          ...views.flatMap((v) => renderView(v, { sanitize: true, allowDataImages: false })),
          ...renderDiscovery(config, views, access),
        ];
        expect(docs.some((d) => d.path.startsWith('partners/'))).toBe(true);
        for (const d of docs) expect(LABEL.exec(d.body)?.[0], d.path).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });
});
