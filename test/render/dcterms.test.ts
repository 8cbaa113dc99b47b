// DCMI terms in RSS and Atom: the licence's end (`dcterms:valid`) and, in RSS, the time of a
// change (`dcterms:modified`), read back from the documents as written.
import { describe, expect, it } from 'vitest';
import type { Kill } from '../../src/catalog.js';
import { takedownItem } from '../../src/profiles/index.js';
import { dctermsModified } from '../../src/render/dcterms.js';
import { toEntry } from '../../src/render/entry.js';
import type { Item } from '../../src/types.js';
import { parseXml, textOf, type Node } from '../helpers/xml.js';
import { mainFiles, ms, OPTS, story } from './story.js';

function render(items: Item[]) {
  const { view, rss, atom } = mainFiles(items);
  return { view, rss: parseXml(rss).rss as Node, atom: parseXml(atom).feed as Node };
}

/** The text an element holds outside its children: none but the layout's whitespace. */
const looseText = (n: Node) => String(n['#text'] ?? '').trim();

describe('dcterms', () => {
  it('both documents declare the DCMI terms namespace the readers look the elements up by', () => {
    const { rss, atom } = render([story({ syndication: { partners: 'all', expires: ms('2026-12-01T00:00:00Z') } })]);
    expect(rss['@xmlns:dcterms']).toBe('http://purl.org/dc/terms/');
    expect(atom['@xmlns:dcterms']).toBe('http://purl.org/dc/terms/');
  });

  it('a story never changed and never expiring carries neither term, and nothing else in their place', () => {
    const { rss, atom } = render([story()]);
    const item = ((rss.channel as Node).item as Node[])[0]!;
    const entry = (atom.entry as Node[])[0]!;
    expect([item['dcterms:valid'], item['dcterms:modified'], entry['dcterms:valid']]).toEqual([undefined, undefined, undefined]);
    expect([looseText(item), looseText(entry)]).toEqual(['', '']);
  });

  it('a takedown (expiry at or before updated) says when, even when updated is its published time', () => {
    const { view } = render([story()]);
    const modified = (item: Item) => textOf((parseXml(`<item>${dctermsModified(toEntry(item, view, OPTS))}</item>`).item as Node[])[0]!['dcterms:modified']);
    const at = ms('2026-11-20T10:00:00Z');
    expect(modified(story({ syndication: { partners: 'all', expires: at } }))).toBe('2026-11-20T10:00:00Z');
    expect(modified(story({ syndication: { partners: 'all', expires: at - 1 } }))).toBe('2026-11-20T10:00:00Z');
    expect(modified(story({ syndication: { partners: 'all', expires: at + 1 } }))).toBeUndefined();
    // MSN's takedown of a kill: the kill's time.
    const kill: Kill = { item: story(), when: ms('2026-11-24T08:00:00Z'), reason: 'legal', cause: 'withdrawn' };
    expect(modified(takedownItem(kill))).toBe('2026-11-24T08:00:00Z');
  });
});
