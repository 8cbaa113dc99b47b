// A run renders an item's entry and bytes once for every document that shows it alike
// (EntryMemo, render/index.ts), period by period. That sharing must be invisible: every
// document a build writes is byte for byte the document rendered on its own, from scratch.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import fc from 'fast-check';
import { EntryMemo, renderView } from '../../src/render/index.js';
import type { FeedView, Item } from '../../src/types.js';
import { testAccess } from '../helpers/partners.js';
import { feeds, makeSite, NEWSROOM, NOW_MS, type Site } from '../cache/helpers.js';

// The newsroom's job: partners with photo rights (withheld photos differ per partner and per page), tags, archives.
const ACCESS = testAccess(['nordpress', 'baltic-daily', 'wirewatch']);

const sites: Site[] = [];
afterAll(() => {
  for (const s of sites) rmSync(s.root, { recursive: true, force: true });
});

describe('documents rendered together, sharing entries', () => {
  for (const cached of [false, true])
    it(`are each what the document rendered alone is (${cached ? 'with' : 'without'} the parse cache)`, async () => {
      const s = makeSite(80, NEWSROOM);
      sites.push(s);
      writeFileSync(s.config, readFileSync(s.config, 'utf8').replace(/^site:\n/, 'site:\n  agencies: [TT News Agency, NTB, Reuters, AP]\n'));
      const r = await build({ configFile: s.config, itemsDir: s.items, outDir: s.out, now: NOW_MS, ping: false, access: ACCESS, ...(cached ? { cacheDir: s.cache } : {}) });
      expect(r.exitCode).toBeLessThanOrEqual(1);
      const written = feeds(s.out);
      let compared = 0;
      let withheld = 0;
      for (const view of r.views) {
        if (view.blockedImages.length > 0) withheld++;
        // html.sanitize is left at its default (true), which partners always get.
        for (const f of renderView(view, { sanitize: true, allowDataImages: false })) {
          expect({ path: f.path, body: written[f.path] }).toEqual({ path: f.path, body: f.body });
          compared++;
        }
      }
      // The comparison reached archive pages and partner documents with withheld photos.
      expect(r.views.filter((v) => v.archive).length).toBeGreaterThan(10);
      expect(withheld).toBeGreaterThan(0);
      expect(compared).toBeGreaterThan(100);
    });
});

describe("an item's share of a document's withheld photos (EntryMemo.blockedKey)", () => {
  const urls = fc.constantFrom(...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((x) => `https://img.example.org/${x}.jpg`));
  it("is the document's withheld list, in its order, cut to the pictures the item shows", () => {
    fc.assert(
      fc.property(fc.uniqueArray(urls, { maxLength: 7 }), fc.array(urls, { maxLength: 5 }), fc.boolean(), (blocked, shows, fullText) => {
        const item = { file: 'items/x.md' } as Item;
        const view = { blockedImages: blocked, fullText } as unknown as FeedView;
        const memo = new EntryMemo((i, full) => (i === item && full === fullText ? shows : []));
        const mine = new Set(shows);
        expect(memo.blockedKey(item, view)).toBe(blocked.filter((u) => mine.has(u)).join('\0'));
        // Asked again for the same list (its ranks now kept): the same key.
        expect(memo.blockedKey(item, view)).toBe(blocked.filter((u) => mine.has(u)).join('\0'));
        // Without imagesOf, the whole list is the key.
        expect(new EntryMemo().blockedKey(item, view)).toBe(blocked.join('\0'));
      }),
      { numRuns: 300 },
    );
  });
});

