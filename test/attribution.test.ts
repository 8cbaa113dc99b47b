// The visible credit line (DESIGN.md): "By TT News Agency. English edition by Sweden Herald.
// Photo: Markus Schreiber/AP/TT", or the item's own `credit` verbatim.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byLine, contributorSentence, creditLine, joinNames, namesPhotoCredit, photoCreditText, photographerOf, withoutPhotoCredit } from '../src/attribution.js';
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

  it('names the photographer after a picture service or a credit label, not the service', () => {
    expect(photographerOf('AP Photos/Markus Schreiber')).toBe('Markus Schreiber');
    expect(photographerOf('Getty Images/John Smith')).toBe('John Smith');
    expect(photographerOf('NTB Scanpix / Ole Berg')).toBe('Ole Berg');
    expect(photographerOf('Reuters Pictures/Jane Doe')).toBe('Jane Doe');
    // As an item's image.credit is often written: with the label the credit line would add.
    expect(photographerOf('Photo: Markus Schreiber/AP/TT')).toBe('Markus Schreiber');
    expect(photographerOf('Foto by Lise Åserud/NTB')).toBe('Lise Åserud');
    expect(photographerOf('  photo:  AP Photo/Evan Vucci')).toBe('Evan Vucci');
    // A label, and no photographer after it; a credit of one part says no more than its name
    // (an agency of several words is no photographer).
    for (const none of ['Photo: NTB', 'Photo: AP/TT', 'Photos/AP', 'TT News Agency', 'Photo: Markus Schreiber']) expect(photographerOf(none)).toBeUndefined();
    // "Photo" as the start of a word is no label, nor a service: a Photographer Jane is named as she is.
    expect(photographerOf('Photographer Jane/AP')).toBe('Photographer Jane');
  });

  it('reads a credit in time linear in its length, whatever it holds', () => {
    // Spaces before a label's colon, photo words without an end, slashes: each read once.
    for (const long of [`Photo${' '.repeat(100_000)}x/AP`, `${'photo '.repeat(20_000)}/AP`, `Jane Doe${'/'.repeat(100_000)}`, `A${'a b'.repeat(50_000)}/TT`])
      expect(['string', 'undefined']).toContain(typeof photographerOf(long));
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

describe('edges the mutants found', () => {
  const image = (credit: string) => ({ url: 'https://news.example.org/p.jpg', credit });

  it('byLine is the Unicode test alone, for any name (its quick look at the first two letters decides nothing)', () => {
    const reference = (names: string[]) => {
      const joined = joinNames(names).trim();
      return /^by(?![\p{L}\p{N}])/iu.test(joined) ? joined : `By ${joined}`;
    };
    const start = fc.constantFrom('by', 'By', 'BY', 'bY', 'b', 'y', 'B y', 'ʙy', 'ḃy', 'bÿ', 'Bý', 'by1', 'by-', 'by.', ' by ', '');
    const names = fc.array(fc.tuple(start, fc.string({ maxLength: 6 })).map(([a, b]) => a + b), { minLength: 1, maxLength: 3 });
    fc.assert(fc.property(names, (n) => {
      expect(byLine(n)).toBe(reference(n));
    }), { numRuns: 1000 });
  });

  it('photoCreditText and contributorSentence are their Unicode tests alone (the quick look at a letter or two decides nothing)', () => {
    const label = (credit: string) => (/^(?:photos?|pictures?|images?|foto)(?![\p{L}\p{N}])/iu.test(credit.trim()) ? credit.trim() : `Photo: ${credit.trim()}`);
    const sentence = (role: string, name: string) => {
      const r = role.trim().replace(/\s+by$/iu, '');
      return `${r.charAt(0).toUpperCase()}${r.slice(1)} by ${name}`;
    };
    const start = fc.constantFrom('Photo', 'photos', 'PICTURE', 'Image', 'images', 'Foto', 'ƥhoto', 'ìmage', 'İmage', 'ſoto', 'ﬀoto', 'p', 'i', 'f', ' Photo ', '');
    const end = fc.constantFrom(' by', ' BY', '\tBy', 'by', ' bY', 'ʙy', ' bÿ', ' by ', ' b y', 'y', 'b', ' by.', ' Ⓑy', '');
    fc.assert(fc.property(fc.tuple(start, fc.string({ maxLength: 6 }), end), ([a, b, c]) => {
      expect(photoCreditText(a + b + c)).toBe(label(a + b + c));
      expect(contributorSentence(b + c, 'NTB')).toBe(sentence(b + c, 'NTB'));
      expect(contributorSentence(a + b + c, 'NTB')).toBe(sentence(a + b + c, 'NTB'));
    }), { numRuns: 2000 });
  });

  it('a name that ends in an abbreviation still gets its full stop; one with "by" inside it still gets "By"', () => {
    expect(creditLine(item({ authors: [{ name: 'J. Smith' }] }))).toBe('By J. Smith.');
    expect(byLine(['Abby Lee'])).toBe('By Abby Lee');
    expect(byLine([' by Åsa Öberg'])).toBe('by Åsa Öberg');
  });

  it('a photo credit is printed trimmed, with the label only when it has none at its start', () => {
    expect(photoCreditText('  Photo: Karin Nyström/TT ')).toBe('Photo: Karin Nyström/TT');
    expect(photoCreditText(' Karin Nyström/TT ')).toBe('Photo: Karin Nyström/TT');
    expect(photoCreditText('AP Photo/Evan Vucci')).toBe('Photo: AP Photo/Evan Vucci');
  });

  it('a blank photo credit is no credit', () => {
    expect(creditLine(item({ image: image('   ') }))).toBe('By TT News Agency.');
  });

  it('a role is read trimmed, its "by" once, however spaced', () => {
    const line = (role: string) => creditLine(item({ contributors: [{ name: 'Sweden Herald', role }] }));
    expect(line(' translated by ')).toBe('By TT News Agency. Translated by Sweden Herald.');
    expect(line('Translated  by')).toBe('By TT News Agency. Translated by Sweden Herald.');
    expect(line('Editor, Bylines desk')).toBe('By TT News Agency. Editor, Bylines desk by Sweden Herald.');
  });

  it('an own line that was only the withheld photo credit falls back to the built line', () => {
    expect(creditLine(item({ credit: 'Photo: Markus Schreiber/AP/TT', image: image('Markus Schreiber/AP/TT') }), 'Markus Schreiber/AP/TT')).toBe(
      'By TT News Agency.',
    );
  });

  it('the photographer: spaces around the slash, three-word names, no trailing words that are not names', () => {
    expect(photographerOf('Markus Schreiber / AP')).toBe('Markus Schreiber');
    expect(photographerOf('Anna Karin Nyström/TT')).toBe('Anna Karin Nyström');
    expect(photographerOf('Anna  Nyström/TT')).toBe('Anna  Nyström');
    expect(photographerOf('Anna Nyström (pool)/TT')).toBeUndefined();
    expect(photographerOf('3 Anna Nyström/TT')).toBeUndefined();
    // "Photo" only as the label's last word: a Photopoulos is a photographer, not a label.
    expect(photographerOf('Nikos Photopoulos/AP')).toBe('Nikos Photopoulos');
  });

  it('a credit line names the photo credit whatever its case and padding', () => {
    expect(namesPhotoCredit('By TT. Photo: Henrik Dahl/TT', ' henrik dahl/tt ')).toBe(true);
    expect(namesPhotoCredit('By TT.', 'Henrik Dahl/TT')).toBe(false);
  });

  describe('withoutPhotoCredit: only the clause naming the photo goes', () => {
    it('a padded credit, one with characters a regex would read, one with a full stop inside; a blank one names nothing', () => {
      expect(withoutPhotoCredit('By TT. Photo: Henrik Dahl/TT', ' Henrik Dahl/TT ')).toBe('By TT.');
      expect(withoutPhotoCredit('By TT.', '  ')).toBe('By TT.');
      expect(withoutPhotoCredit('By TT. PHOTO: HENRIK DAHL/TT. Cover photo Henrik Dahl/TT.', 'Henrik Dahl/TT')).toBe('By TT. Cover.');
      expect(withoutPhotoCredit('By TT. Photo: J. Dahl (TT+AP)', 'J. Dahl (TT+AP)')).toBe('By TT.');
    });

    it('the other sentences are kept as written, one space between them', () => {
      expect(withoutPhotoCredit('By TT , Stockholm.  Edited by Ann Lind!   Photo: Henrik Dahl/TT.', 'Henrik Dahl/TT')).toBe(
        'By TT , Stockholm. Edited by Ann Lind!',
      );
    });

    it('an emptied bracket goes, and the spaces left before the full stop', () => {
      expect(withoutPhotoCredit('By TT (photo Henrik Dahl/TT).', 'Henrik Dahl/TT')).toBe('By TT.');
      expect(withoutPhotoCredit('By TT (photo: Henrik Dahl/TT ).', 'Henrik Dahl/TT')).toBe('By TT.');
      expect(withoutPhotoCredit('By TT  (photo Henrik Dahl/TT).', 'Henrik Dahl/TT')).toBe('By TT.');
    });

    it('a clause at the end of a line with no full stop, and the separators it leaves', () => {
      expect(withoutPhotoCredit('By TT, photo Henrik Dahl/TT ', 'Henrik Dahl/TT')).toBe('By TT.');
      expect(withoutPhotoCredit('By TT, Stockholm, photo Henrik Dahl/TT;', 'Henrik Dahl/TT')).toBe('By TT, Stockholm.');
      expect(withoutPhotoCredit('By TT, photo Henrik Dahl/TT;;', 'Henrik Dahl/TT')).toBe('By TT.');
    });

    it('a sentence left with no words goes whole', () => {
      expect(withoutPhotoCredit('By TT. Photo: Henrik Dahl/TT.', 'Henrik Dahl/TT')).toBe('By TT.');
      expect(withoutPhotoCredit('Henrik Dahl/TT.', 'Henrik Dahl/TT')).toBe('');
    });
  });
});
