// --strict, for any set of items: a profiled partner's document holds only items its profile
// finds nothing wrong with, newest first, at most its limit; the main feed is what it is without profiles.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog.js';
import { configSchema } from '../../src/config/schema.js';
import { checkItem, PROFILES, PROFILE_NAMES } from '../../src/profiles/index.js';
import { selectMain } from '../../src/select/index.js';
import { selectPartner } from '../../src/select/partners.js';
import { makeItem } from '../helpers/item.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const DAY = 86_400_000;

const itemArb = (i: number) =>
  fc.record({
    title: fc.string({ minLength: 1, maxLength: 200 }).filter((t) => t.trim() !== ''),
    age: fc.integer({ min: 0, max: 800 }),
    body: fc.boolean(),
    summary: fc.option(fc.string({ minLength: 1, maxLength: 400 }), { nil: undefined }),
    image: fc.option(fc.record({ width: fc.integer({ min: 1, max: 3000 }), height: fc.integer({ min: 1, max: 3000 }), credit: fc.boolean() }), { nil: undefined }),
    tags: fc.boolean(),
  }).map((r) =>
    makeItem({
      file: `items/${i}.md`,
      id: `https://t.example/${i}`,
      url: `https://t.example/${i}`,
      title: r.title,
      published: NOW - r.age * DAY - i,
      updated: NOW - r.age * DAY - i,
      ...(r.body ? { body: { format: 'markdown' as const, text: 'Text.' } } : {}),
      ...(r.summary ? { summary: r.summary } : {}),
      ...(r.image ? { image: { url: `https://t.example/${i}.jpg`, width: r.image.width, height: r.image.height, ...(r.image.credit ? { credit: 'A/B' } : {}) } } : {}),
      tags: r.tags ? ['News'] : [],
    }),
  );

const items = fc.integer({ min: 0, max: 25 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => itemArb(i))));

describe('--strict for any items and any profile', () => {
  it('the partner gets only items without findings, newest first, at most its limit; the main feed is untouched', () => {
    fc.assert(
      fc.property(items, fc.constantFrom(...PROFILE_NAMES), fc.integer({ min: 1, max: 10 }), (list, name, limit) => {
        const config = configSchema.parse({
          site: { title: 'T', home: 'https://t.example/', feeds_base: 'https://t.example/feeds/', language: 'en' },
          feed: { limit: 50 },
          partners: [{ name: 'p', profile: name, limit, policy: { allow_uncredited_photos: true }, ...(name === 'smartnews' ? { identity: { logo: 'https://t.example/l.png' } } : {}) }],
        });
        const cat = catalog(list, NOW);
        const view = selectPartner(cat, config, config.partners[0]!, 'partners/test-token', 50, { now: NOW, strict: true });
        const ctx = { now: NOW, fullText: true };
        const good = [...list].filter((i) => checkItem(i, PROFILES[name], ctx).length === 0).sort((a, b) => b.updated - a.updated);
        expect(view.items.map((i) => i.id)).toEqual(good.slice(0, limit).map((i) => i.id));
        expect(selectMain(cat, config).items.length).toBe(Math.min(list.length, 50));
      }),
      { numRuns: 60 },
    );
  });
});
