// A license that is not a URL is text, not a link: it travels with the rights in every format.
import { describe, expect, it } from 'vitest';
import { parseItem } from '../../src/items/parse.js';
import { renderMain } from '../helpers/site.js';
import { rssProblems } from '../helpers/rss.js';
import { parseXml, textOf, type Node } from '../helpers/xml.js';

const first = (n: unknown): Node => (Array.isArray(n) ? n[0] : n) as Node;

const item = (license: string) => {
  const r = parseItem(
    JSON.stringify({
      title: 'Ferry strike ends',
      url: 'https://news.example.org/2026/11/ferry',
      published: '2026-11-20T09:00:00+01:00',
      authors: [{ name: 'NTB' }],
      rights: '© NTB',
      license,
    }),
    'items/ferry.json',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.item;
};

describe('license', () => {
  it('a URL becomes creativeCommons:license, link rel=license and _attribution.license', () => {
    const out = renderMain([item('https://creativecommons.org/licenses/by/4.0/')]);
    const rssItem = first(((parseXml(out.rss).rss as Node).channel as Node).item);
    expect(textOf(rssItem['creativeCommons:license'])).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(textOf(rssItem['dc:rights'])).toBe('© NTB');
    const entry = first((parseXml(out.atom).feed as Node).entry);
    const links = ([] as Node[]).concat(entry.link as Node[] | Node);
    expect(links.filter((l) => l['@rel'] === 'license').map((l) => l['@href'])).toEqual(['https://creativecommons.org/licenses/by/4.0/']);
    expect(JSON.parse(out.json).items[0]._attribution.license).toBe('https://creativecommons.org/licenses/by/4.0/');
  });

  it('text that is not a URL joins the rights and is never written as a license link', () => {
    const out = renderMain([item('CC BY 4.0')]);
    const rssItem = first(((parseXml(out.rss).rss as Node).channel as Node).item);
    expect(rssItem['creativeCommons:license']).toBeUndefined();
    expect(textOf(rssItem['dc:rights'])).toBe('© NTB License: CC BY 4.0');
    expect(rssProblems(out.rss)).toEqual([]);
    const entry = first((parseXml(out.atom).feed as Node).entry);
    const links = ([] as Node[]).concat(entry.link as Node[] | Node);
    expect(links.some((l) => l['@rel'] === 'license')).toBe(false);
    expect(textOf(entry.rights)).toBe('© NTB License: CC BY 4.0');
    const attribution = JSON.parse(out.json).items[0]._attribution;
    expect(attribution.license).toBeUndefined();
    expect(attribution.rights).toBe('© NTB License: CC BY 4.0');
  });
});
