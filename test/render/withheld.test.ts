// A photo a document may not carry (rights: view.blockedImages) is gone from every format,
// and so is its credit; the rest of the attribution chain stays.
import { describe, expect, it } from 'vitest';
import { renderView } from '../../src/render/index.js';
import { fixtureItem, renderMain, repoConfig } from '../helpers/site.js';
import { parseXml, textOf, type Node } from '../helpers/xml.js';

const config = repoConfig();
const item = fixtureItem('full.md', config);
const { view } = renderMain([item], config);
const files = renderView({ ...view, blockedImages: [item.image!.url] }, { sanitize: true, allowDataImages: false });
const body = (name: string) => files.find((f) => f.path === name)!.body;

describe('a withheld photo', () => {
  const rss = (((parseXml(body('rss.xml')).rss as Node).channel as Node).item as Node[])[0]!;
  const atom = ((parseXml(body('atom.xml')).feed as Node).entry as Node[])[0]!;
  const json = (JSON.parse(body('feed.json')) as { items: Record<string, any>[] }).items[0]!;
  const credit = 'By Åsa Öberg and TT News Agency. English edition by Sweden Herald. Additional reporting by Nordic Wire Desk.';

  it('leaves no media:content, enclosure, image or attachment', () => {
    expect(rss['media:content']).toBeUndefined();
    expect(rss['media:group']).toBeUndefined();
    expect(atom['media:group']).toBeUndefined();
    expect(rss.enclosure).toBeUndefined();
    expect(atom['media:content']).toBeUndefined();
    expect((atom.link as Node[]).some((l) => l['@rel'] === 'enclosure')).toBe(false);
    expect(json.image).toBeUndefined();
    expect(json.attachments).toBeUndefined();
    expect(json._attribution.image).toBeUndefined();
  });

  it('takes its credit out of the credit line and keeps the rest', () => {
    expect(json._attribution.credit).toBe(credit);
    for (const content of [textOf(rss['content:encoded']), textOf(atom.content), json.content_html])
      expect(content!.endsWith(`<p class="credit">${credit}</p>`)).toBe(true);
    expect((rss['dc:creator'] as Node[]).map(textOf)).toEqual(['Åsa Öberg and TT News Agency']);
    expect((atom.author as Node[]).map((a) => textOf(a.name))).toEqual(['Åsa Öberg', 'TT News Agency']);
  });
});
