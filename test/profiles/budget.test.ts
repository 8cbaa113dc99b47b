// The size budget: a profiled partner's feed is cut to fit, newest first, whole items only,
// measured on the rendered bytes of every format.
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog.js';
import { configSchema } from '../../src/config/schema.js';
import { PROFILES, feedNotes } from '../../src/profiles/index.js';
import { renderView } from '../../src/render/index.js';
import { selectPartner } from '../../src/select/partners.js';
import { makeItem } from '../helpers/item.js';
import { rssProblems } from '../helpers/rss.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-12-01T12:00:00Z');

const config = (profile: string, extra: Record<string, unknown> = {}) =>
  configSchema.parse({
    site: { title: 'T', home: 'https://t.example/', feeds_base: 'https://t.example/feeds/', language: 'en' },
    partners: [{ name: 'p', profile, limit: 200, ...extra }],
  });

// Bodies of about 30 KB: 40 of them are well over SmartNews' 1 MB.
const items = (n: number, bodyChars: number) =>
  Array.from({ length: n }, (_, i) =>
    makeItem({
      file: `items/${String(i).padStart(3, '0')}.md`,
      id: `https://t.example/${i}`,
      url: `https://t.example/${i}`,
      title: `Story number ${i} about the ferries`,
      published: NOW - (i + 1) * HOUR,
      updated: NOW - (i + 1) * HOUR,
      body: { format: 'html', text: `<p>${'Å ferry story. '.repeat(bodyChars / 15)}</p>` },
      image: { url: `https://t.example/${i}.jpg`, credit: 'A/B', width: 1200, height: 800 },
      authors: [{ name: 'Anna Berg' }],
      tags: ['Ferries'],
    }),
  );

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const render = (c: ReturnType<typeof config>, view: ReturnType<typeof selectPartner>) => renderView(view, { sanitize: true, allowDataImages: c.html.allow_data_images });

describe('the size budget', () => {
  it('smartnews (1 MB): as many of the newest items as fit in every format; one more would not fit', () => {
    const c = config('smartnews', { identity: { logo: 'https://t.example/logo.png' } });
    const cat = catalog(items(40, 30_000), NOW);
    const view = selectPartner(cat, c, c.partners[0]!, 'partners/test', 200, { now: NOW, strict: false });
    const files = render(c, view);
    const n = view.items.length;
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(40);
    for (const f of files) expect(bytes(f.body), f.path).toBeLessThanOrEqual(1_000_000);
    // Newest first, none skipped: the first n by time.
    expect(view.items.map((i) => i.id)).toEqual(Array.from({ length: n }, (_, i) => `https://t.example/${i}`));
    // Never mid-item: every rendered item is whole and the document valid.
    expect(rssProblems(files.find((f) => f.path.endsWith('rss.xml'))!.body)).toEqual([]);
    // One more item would break the budget in at least one format.
    const oneMore = selectPartner(cat, config('feedly'), { ...c.partners[0]!, profile: 'feedly', identity: undefined, limit: n + 1 }, 'partners/test', 200, { now: NOW, strict: false });
    const bigger = render(c, { ...oneMore, profile: view.profile });
    expect(bigger.some((f) => bytes(f.body) > 1_000_000)).toBe(true);
    expect(view.complete).toBe(false);
    // The run says so: the platform would have dropped the rest silently.
    expect(feedNotes(view, PROFILES.smartnews, 'p')).toEqual([
      `partner p (smartnews): ${n} of 40 items fit SmartNews's 1,000,000 bytes per file; the older ones are left out of its feed`,
    ]);
  });

  it('google-news: at most 60 items per document, however many the partner may take', () => {
    const c = config('google-news');
    const view = selectPartner(catalog(items(75, 100), NOW), c, c.partners[0]!, 'partners/test', 200, { now: NOW, strict: false });
    expect(view.items).toHaveLength(60);
    expect(view.items[0]!.id).toBe('https://t.example/0');
  });

  it('a feed within its budget is left whole', () => {
    const c = config('smartnews', { identity: { logo: 'https://t.example/logo.png' } });
    const view = selectPartner(catalog(items(5, 100), NOW), c, c.partners[0]!, 'partners/test', 200, { now: NOW, strict: false });
    expect(view.items).toHaveLength(5);
    expect(view.complete).toBe(true);
    expect(feedNotes(view, PROFILES.smartnews, 'p')).toEqual([]);
  });
});
