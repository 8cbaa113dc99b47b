// Issue 9, point 7: URLs are written as URLs. Whatever spelling an item uses (spaces, non-ASCII,
// upper-case hosts, default ports, dot segments), every URL in every format is the WHATWG
// serialization; rights compare serialized URLs, so a withheld photo spelled otherwise in the
// body does not reach the partner; a feeds_base with a query or fragment is a config error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderSite } from '../../src/build.js';
import { catalog } from '../../src/catalog.js';
import { parseConfig } from '../../src/config/load.js';
import { parseItem } from '../../src/items/parse.js';
import type { Item } from '../../src/types.js';
import { formatProblem } from '../../src/validate.js';

const CONFIG = `site:
  title: S
  home: https://news.example.org/
  feeds_base: https://news.example.org/feeds/
  language: en
partners:
  - name: p
    full_text: true
    policy:
      deny_photo_credits: [AP]
      allow_uncredited_photos: true
`;
const config = (() => {
  const r = parseConfig(CONFIG, 'c.yaml');
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.config;
})();

function item(fields: Record<string, unknown>): Item {
  const r = parseItem(JSON.stringify({ title: 'T', published: '2026-11-26T10:00:00Z', authors: [{ name: 'A', url: fields.url }], ...fields }), 'x.json');
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.item;
}

/** Every URL-looking value in a document: attributes and texts that start with http(s)://. */
function urlsIn(body: string): string[] {
  const out: string[] = [];
  if (body.trimStart().startsWith('{')) {
    const walk = (v: unknown): void => {
      if (typeof v === 'string') {
        if (/^https?:\/\//i.test(v)) out.push(v);
        for (const m of v.matchAll(/(?:href|src)="([^"]*)"/g)) out.push(m[1]!);
      } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(JSON.parse(body));
  } else {
    for (const m of body.matchAll(/(?:href|url|src)="([^"]*)"/g)) out.push(m[1]!.replace(/&amp;/g, '&'));
    for (const m of body.matchAll(/>(https?:\/\/[^<]*)</g)) out.push(m[1]!.replace(/&amp;/g, '&'));
    for (const m of body.matchAll(/(?:href|src)=&quot;(.*?)&quot;/g)) out.push(m[1]!.replace(/&amp;amp;/g, '&').replace(/&amp;/g, '&'));
  }
  return out;
}

const spelling = fc.record({
  upper: fc.boolean(),
  port: fc.boolean(),
  dots: fc.boolean(),
  path: fc.constantFrom('a b', 'göteborg', 'x', 'ä/ö ü', '%20ok', 'q?x=1 2'),
});
const spell = (s: { upper: boolean; port: boolean; dots: boolean }, host: string, path: string) =>
  `${s.upper ? 'HTTPS' : 'https'}://${s.upper ? host.toUpperCase() : host}${s.port ? ':443' : ''}/${s.dots ? 'x/../' : ''}${path}`;

describe('every URL written', () => {
  it('is the WHATWG serialization in every format, whatever the spelling', () => {
    fc.assert(
      fc.property(spelling, spelling, spelling, (u, i, l) => {
        const it = item({
          url: spell(u, 'news.example.org', `2026/${u.path}`),
          image: { url: spell(i, 'news.example.org', `media/${i.path}.jpg`), credit: 'Own' },
          source: { name: 'Src', url: spell(l, 'src.example.org', l.path) },
          license: spell(l, 'creativecommons.org', 'licenses/by/4.0/'),
          content_html: `<p><a href="${spell(l, 'other.example.org', l.path)}">x</a> <a href="../rel ative/${u.path}">y</a></p>`,
        });
        const { rendered } = renderSite(catalog([it], Date.parse('2026-11-27T00:00:00Z')), config);
        for (const f of rendered.filter((r) => /(rss\.xml|atom\.xml|feed\.json)$/.test(r.path)))
          for (const url of urlsIn(f.body)) {
            expect(url, `${f.path}: ${url}`).toMatch(/^[\x21-\x7e]+$/);
            expect(new URL(url).href, f.path).toBe(url);
          }
      }),
      { numRuns: 60 },
    );
  });
});

describe('rights', () => {
  it('a denied photo spelled otherwise in the body is withheld from the partner all the same', () => {
    fc.assert(
      fc.property(spelling, (s) => {
        const it = item({
          url: 'https://news.example.org/2026/a',
          image: { url: 'https://news.example.org/media/ap.jpg', credit: 'Evan Vucci/AP' },
          content_html: `<p>Text</p><p><img src="${spell(s, 'news.example.org', 'media/ap.jpg')}" alt=""></p>`,
        });
        const { rendered } = renderSite(catalog([it], Date.parse('2026-11-27T00:00:00Z')), config);
        for (const f of rendered.filter((r) => r.path.startsWith('partners/p/')))
          expect(f.body.toLowerCase(), f.path).not.toMatch(/ap\.jpg/);
      }),
      { numRuns: 30 },
    );
  });
});

describe('feeds_base', () => {
  it.each(['https://news.example.org/feeds/?v=1', 'https://news.example.org/feeds/#top'])('with a query or fragment is a config error: %s', (base) => {
    const r = parseConfig(CONFIG.replace('https://news.example.org/feeds/', base), 'c.yaml');
    expect(!r.ok && r.problems.map(formatProblem)).toEqual([
      'c.yaml:4: site.feeds_base: expected a URL without a query or fragment (feed URLs are built by adding paths to it), got "' + base + '"',
    ]);
  });
});
