// The private documents as rendered (the page in a browser: page.test.ts): the newsroom's page
// says which partners have no secret; each partner's OPML lists its own feed only; nothing
// private is rendered without a token. (Its kills and corrections: story-changes.test.ts.)
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { renderSite } from '../../src/build.js';
import { catalog } from '../../src/catalog.js';
import { tokenDir } from '../../src/partners/access.js';
import { makeItem } from '../helpers/item.js';
import { testAccess } from '../helpers/partners.js';
import { repoConfig } from '../helpers/site.js';

type Node = { name?: string; data?: string; attribs?: Record<string, string>; children?: Node[] };
const textOf = (n: Node): string => (n.data ?? '') + (n.children ?? []).map(textOf).join('');
function find(n: Node, pred: (n: Node) => boolean, out: Node[] = []): Node[] {
  if (pred(n)) out.push(n);
  for (const c of n.children ?? []) find(c, pred, out);
  return out;
}

const NOW = Date.parse('2026-11-26T12:00:00Z');
const items = [
  makeItem({ id: 'a', url: 'https://news.example.org/a', title: 'Still here', published: NOW - 3_600_000, updated: NOW - 3_600_000 }),
  makeItem({ id: 'k', url: 'https://news.example.org/k', title: 'Pulled story', file: 'items/pulled.md', withdrawn: { at: NOW - 60_000, reason: 'Legal' }, published: NOW - 7_200_000, updated: NOW - 60_000 }),
  makeItem({ id: 'e', url: 'https://news.example.org/e', title: 'Old offer', file: 'items/old.md', published: NOW - 9_000_000, updated: NOW - 9_000_000, syndication: { partners: 'all', expires: NOW - 1 } }),
];

describe("the newsroom's page", () => {
  const config = repoConfig();
  const access = testAccess(['nordpress', 'wirewatch']); // baltic-daily has no secret
  const { rendered } = renderSite(catalog(items, NOW), config, undefined, undefined, undefined, access);
  const page = rendered.find((f) => f.path === `${tokenDir(access.newsroom!)}/index.html`)!;
  const doc = parseDocument(page.body) as unknown as Node;

  it('has a card per configured partner; one without a secret says so and names the command', () => {
    const cards = find(doc, (n) => n.attribs?.class === 'card partner');
    expect(cards.map((c) => c.attribs!.id)).toEqual(['partner-nordpress', 'partner-baltic-daily', 'partner-wirewatch']);
    expect(textOf(cards[1]!)).toContain('No secret yet: its feeds are not written. Run wirefeed partners add baltic-daily.');
    expect(find(cards[1]!, (n) => n.name === 'a')).toEqual([]);
  });

  it('writes an OPML for each partner with a secret only, and no private document without access', () => {
    expect(rendered.filter((f) => f.path.endsWith('/feeds.opml')).map((f) => f.path).sort()).toEqual(
      ['nordpress', 'wirewatch'].map((n) => `${tokenDir(access.tokens.get(n)!)}/feeds.opml`).sort(),
    );
    const none = renderSite(catalog(items, NOW), config).rendered;
    expect(none.filter((f) => f.path.startsWith('partners/'))).toEqual([]);
    expect(none.map((f) => f.path)).toEqual(expect.arrayContaining(['feeds.opml', 'index.html', 'rss.xml']));
  });
});
