// Partner selection judges every item for every partner in one pass, each author, tag and
// credit once for all of them (src/select/partners.ts judgeAll, src/rights.ts PartnerRights).
// Held here to the plain rules, asked item by item: for generated items and partners, every
// partner's documents carry exactly the items storyCleared and its tags let through, and each
// document names exactly the withheld photos (withheldImages) that its own items show.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { byUpdated, catalog } from '../../src/catalog.js';
import { configSchema, type Config, type PartnerConfig } from '../../src/config/schema.js';
import { PartnerRights, storyCleared, withheldImages } from '../../src/rights.js';
import { partnerItems, selectPartner, selectPartners, type PhotoFacts } from '../../src/select/partners.js';
import { slugify } from '../../src/slug.js';
import type { Item } from '../../src/types.js';
import { makeItem } from '../helpers/item.js';
import { dirOf, testAccess } from '../helpers/partners.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const sample = parseYaml(readFileSync('wirefeed.config.yaml', 'utf8')) as Record<string, unknown>;

// Names as editors type them: the site's agencies in other cases and spacing, staff, strangers.
const AUTHORS = ['TT News Agency', 'tt  news agency', 'NTB', 'ntb', 'Reuters', 'AP', ' AP ', 'Åsa Öberg', 'Nordic Wire Desk', 'APX'];
const TAGS = ['Economy', 'economy', 'Climate', 'Göteborg', 'goteborg', 'Ukraine', 'Sport'];
const CREDITS = [undefined, '', '  ', 'Markus Schreiber/AP/TT', 'AP Photo/Evan Vucci', 'Reuters', 'Henrik Dahl/TT', 'NTB Scanpix', 'APX Images', 'Desk'];
const NAMES = ['alpha', 'beta', 'gamma', 'delta'];
const IMAGES = ['https://img.example/1.jpg', 'https://img.example/2.jpg', 'https://img.example/3.jpg', 'https://img.example/4.jpg'];

const partnerArb = (name: string) =>
  fc.record({
    name: fc.constant(name),
    tags: fc.option(fc.subarray(TAGS, { minLength: 1 }), { nil: undefined }),
    full_text: fc.boolean(),
    limit: fc.integer({ min: 1, max: 4 }),
    policy: fc.record({
      agencies: fc.option(fc.subarray(['TT News Agency', 'ntb', 'Reuters', 'AP']), { nil: undefined }),
      deny_agencies: fc.subarray(AUTHORS),
      deny_photo_credits: fc.subarray(['AP', 'Reuters', 'TT', 'Scanpix']),
      allow_uncredited_photos: fc.boolean(),
    }),
  });

const itemArb = fc.record({
  authors: fc.subarray(AUTHORS, { minLength: 1, maxLength: 3 }),
  tags: fc.subarray(TAGS),
  partners: fc.oneof(fc.constant('all' as const), fc.constant('none' as const), fc.subarray([...NAMES, 'epsilon'])),
  image: fc.option(fc.record({ url: fc.constantFrom(...IMAGES), credit: fc.constantFrom(...CREDITS), renditions: fc.subarray(IMAGES, { maxLength: 2 }) }), { nil: undefined }),
  body: fc.subarray(IMAGES, { maxLength: 2 }),
  day: fc.integer({ min: 0, max: 120 }),
  later: fc.integer({ min: 0, max: 3 }),
});

type Gen = typeof itemArb extends fc.Arbitrary<infer T> ? T : never;

function itemsOf(gens: Gen[]): { items: Item[]; body: Map<Item, string[]> } {
  const body = new Map<Item, string[]>();
  const items = gens.map((g, i) => {
    const published = NOW - (g.day + 1) * 86_400_000 - i * 1000;
    const image = g.image && { url: g.image.url, ...(g.image.credit === undefined ? {} : { credit: g.image.credit }), ...(g.image.renditions.length ? { renditions: g.image.renditions.map((url) => ({ url, width: 800, height: 600 })) } : {}) };
    const item = makeItem({
      file: `items/${i}.md`,
      id: `https://news.example.org/${i}`,
      url: `https://news.example.org/${i}`,
      published,
      updated: published + g.later * 3_600_000,
      authors: g.authors.map((name) => ({ name })),
      tags: g.tags,
      syndication: { partners: g.partners },
      ...(image ? { image } : {}),
    });
    body.set(item, g.body);
    return item;
  });
  return { items, body };
}

function configOf(partners: unknown[]): Config {
  return configSchema.parse({ ...sample, partners, archive: { enabled: true } });
}

/** The rule, item by item: its tags, then storyCleared. */
const takes = (item: Item, p: PartnerConfig, config: Config) =>
  (!p.tags || item.tags.some((t) => p.tags!.map(slugify).includes(slugify(t)))) && storyCleared(item, p, config.site.agencies).cleared;

describe('every partner judged in one pass', () => {
  it('gives each partner what the rules give, item by item, and each document its own withheld photos', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...NAMES.slice(0, n).map(partnerArb))), (gens, partners) => {
        const config = configOf(partners);
        const { items, body } = itemsOf(gens);
        const facts: PhotoFacts = { image: (i) => i.image, bodyImages: (i) => body.get(i) ?? [] };
        const cat = catalog(items, NOW);
        const access = testAccess(config);
        const docs = selectPartners(cat, config, access, undefined, undefined, facts);
        for (const p of config.partners) {
          const dir = dirOf(access, p.name);
          const own = docs.filter((v) => v.dir === dir || v.dir.startsWith(`${dir}/`));
          const expected = cat.itemsByUpdated.filter((i) => takes(i, p, config));
          expect(own.flatMap((v) => v.items).map((i) => i.id).sort()).toEqual(expected.map((i) => i.id).sort());
          expect(partnerItems(cat.itemsByUpdated, p, config)).toEqual(expected);
          const withheld = new Set(expected.flatMap((i) => withheldImages(i, p, p.full_text ? (body.get(i) ?? []) : [])));
          for (const v of own) {
            const shown = new Set(v.items.flatMap((i) => [...(i.image ? [i.image.url, ...(i.image.renditions ?? []).map((r) => r.url)] : []), ...(p.full_text ? (body.get(i) ?? []) : [])]));
            expect(v.blockedImages, v.dir).toEqual([...withheld].filter((u) => shown.has(u)).sort());
          }
          // One partner alone is judged as it is among others (its subscription document; archive links aside).
          const alone = selectPartner(cat, config, p, dir, undefined, undefined, facts);
          expect({ items: alone.items, blocked: alone.blockedImages }).toEqual({ items: own[0]!.items, blocked: own[0]!.blockedImages });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('PartnerRights, asked again and again, decides as storyCleared and photoCleared do', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { minLength: 1, maxLength: 20 }), partnerArb('alpha'), (gens, raw) => {
        const config = configOf([raw]);
        const p = config.partners[0]!;
        const rights = new PartnerRights(p, config.site.agencies);
        for (const item of itemsOf(gens).items) {
          expect(rights.story(item)).toEqual(storyCleared(item, p, config.site.agencies));
          expect(rights.clears(item)).toBe(storyCleared(item, p, config.site.agencies).cleared);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the order of the items a partner receives: newest change first', () => {
    const config = configOf([{ name: 'alpha', limit: 2 }]);
    const { items } = itemsOf(Array.from({ length: 6 }, (_, i) => ({ authors: ['Desk'], tags: [], partners: 'all', image: undefined, body: [], day: i * 20, later: i % 3 })));
    const cat = catalog(items, NOW);
    const got = selectPartners(cat, config, testAccess(config));
    expect(got.flatMap((v) => v.items)).toHaveLength(6);
    expect(got[0]!.items).toEqual([...items].sort(byUpdated).slice(0, 2));
  });
});
