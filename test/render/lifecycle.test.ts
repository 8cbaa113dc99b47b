// The story's life in the one mapping and its writers: a tombstone names exactly the atom:id the
// live entry had; any reason survives every format; the JSON Feed with tombstones, corrections
// and expiry keeps JSON.stringify's layout; the validators catch a malformed tombstone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog.js';
import { cleanText } from '../../src/items/clean.js';
import { renderView } from '../../src/render/index.js';
import { archivedFeed } from '../../src/archive.js';
import { selectMain } from '../../src/select/index.js';
import { selectPartner } from '../../src/select/partners.js';
import type { Config } from '../../src/config/schema.js';
import { atomSchemaErrors, jingMissing } from '../helpers/jing.js';
import { jsonFeedErrors } from '../helpers/jsonfeed.js';
import { rssProblems } from '../helpers/rss.js';
import { repoConfig } from '../helpers/site.js';
import { parseXml, textOf, type Node } from '../helpers/xml.js';
import { config, mainFiles as files, ms, NOW, OPTS, story } from './story.js';

const atomFeed = (doc: string) => parseXml(doc).feed as Node;
const rssChannel = (doc: string) => (parseXml(doc).rss as Node).channel as Node;

describe('a tombstone refers to the entry it replaces', () => {
  it('its ref is the atom:id the live entry had, even for an id that is not a URI', () => {
    const live = files([story()]);
    const atomId = textOf((atomFeed(live.atom).entry as Node[])[0]!.id)!;
    expect(atomId).toMatch(/^tag:news\.example\.org,2026-11-20:/);
    const killed = files([story({ withdrawn: { at: ms('2026-11-25T08:00:00Z'), reason: 'legal' } })]);
    const atom = atomFeed(killed.atom);
    expect(atom.entry).toBeUndefined();
    expect((atom['at:deleted-entry'] as Node[]).map((t) => [t['@ref'], t['@when'], textOf(t['at:comment'])])).toEqual([
      [atomId, '2026-11-25T08:00:00Z', 'legal'],
    ]);
    const rss = rssChannel(killed.rss);
    expect((rss['at:deleted-entry'] as Node[]).map((t) => t['@ref'])).toEqual([atomId]);
    // JSON Feed has its own ids: the tombstone names the item's.
    expect(JSON.parse(killed.json)._wirefeed.deleted).toEqual([{ id: 'TT:2026-0042', when: '2026-11-25T08:00:00Z', reason: 'legal' }]);
    // The document changed when the story was killed: its own updated says so.
    expect(textOf(atom.updated)).toBe('2026-11-25T08:00:00Z');
  });

  it('two kills are two tombstones, one after the other, with nothing between them', () => {
    const at = { at: ms('2026-11-25T08:00:00Z'), reason: 'legal' };
    const a = story({ id: 'https://news.example.org/a', url: 'https://news.example.org/a', withdrawn: at });
    const b = story({ id: 'https://news.example.org/b', url: 'https://news.example.org/b', withdrawn: { ...at, reason: 'rights' } });
    const f = files([a, b]);
    const channel = rssChannel(f.rss);
    const feed = atomFeed(f.atom);
    for (const parent of [channel, feed]) {
      expect((parent['at:deleted-entry'] as Node[]).map((t) => textOf(t['at:comment']))).toEqual(['legal', 'rights']);
      expect(String(parent['#text'] ?? '').trim()).toBe('');
    }
  });

  it('`withdrawn: true` is a kill at the time of updated, reason "withdrawn"', () => {
    const k = files([story({ updated: ms('2026-11-24T09:00:00Z'), withdrawn: { at: ms('2026-11-24T09:00:00Z') } })]);
    expect(JSON.parse(k.json)._wirefeed.deleted).toEqual([{ id: 'TT:2026-0042', when: '2026-11-24T09:00:00Z', reason: 'withdrawn' }]);
  });

  it('any reason comes back the same from every format', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).map((s) => cleanText(s).trim()).filter((s) => s !== ''), (reason) => {
        const k = files([story({ withdrawn: { at: ms('2026-11-25T08:00:00Z'), reason } })]);
        expect(textOf((atomFeed(k.atom)['at:deleted-entry'] as Node[])[0]!['at:comment'])).toBe(reason);
        expect(textOf((rssChannel(k.rss)['at:deleted-entry'] as Node[])[0]!['at:comment'])).toBe(reason);
        expect(JSON.parse(k.json)._wirefeed.deleted[0].reason).toBe(reason);
      }),
      { numRuns: 60 },
    );
  });
});

describe('corrections and expiry in the entry', () => {
  const corrected = story({ updated: ms('2026-11-22T09:00:00Z'), correction: 'The bridge closed at 14:00, not 12:00.' });
  const expiring = story({
    id: 'https://news.example.org/e',
    url: 'https://news.example.org/e',
    published: ms('2026-11-19T10:00:00Z'),
    updated: ms('2026-11-19T10:00:00Z'),
    syndication: { partners: 'all', expires: ms('2026-12-01T00:00:00Z') },
  });

  it('opens the body with the note, and says when: Atom updated, RSS dcterms:modified, JSON _wirefeed', () => {
    const f = files([corrected, expiring]);
    const note = '<p class="correction"><strong>Correction (2026-11-22 09:00 UTC):</strong> The bridge closed at 14:00, not 12:00.</p>';
    const entry = (atomFeed(f.atom).entry as Node[])[0]!;
    expect(textOf(entry.content)!.startsWith(`${note}\n<p>The bridge closed.</p>`)).toBe(true);
    expect(textOf(entry.updated)).toBe('2026-11-22T09:00:00Z');
    const item = (rssChannel(f.rss).item as Node[])[0]!;
    expect(textOf(item['content:encoded'])!.startsWith(note)).toBe(true);
    expect(textOf(item['dcterms:modified'])).toBe('2026-11-22T09:00:00Z');
    const json = JSON.parse(f.json);
    expect(json.items[0].content_html.startsWith(note)).toBe(true);
    expect(json.items[0]._wirefeed).toEqual({ correction: 'The bridge closed at 14:00, not 12:00.', corrected: '2026-11-22T09:00:00Z', version: 2 });
    // Expiry, announced: a DCMI Period in RSS and Atom, the time in JSON.
    expect(textOf((rssChannel(f.rss).item as Node[])[1]!['dcterms:valid'])).toBe('end=2026-12-01T00:00:00Z; scheme=W3C-DTF;');
    expect(textOf((atomFeed(f.atom).entry as Node[])[1]!['dcterms:valid'])).toBe('end=2026-12-01T00:00:00Z; scheme=W3C-DTF;');
    expect(json.items[1]._wirefeed).toEqual({ expires: '2026-12-01T00:00:00Z' });
    // An uncorrected story has no note and no modified time.
    expect(textOf((rssChannel(f.rss).item as Node[])[1]!['content:encoded'])).not.toContain('class="correction"');
    expect((rssChannel(f.rss).item as Node[])[1]!['dcterms:modified']).toBeUndefined();
  });

  it('a summary-only partner gets the note too, before the summary', () => {
    const cfg: Config = { ...config, partners: [{ ...repoConfig().partners[0]!, name: 'brief', full_text: false, tags: undefined, limit: undefined, formats: undefined, policy: { deny_agencies: [], deny_photo_credits: [], allow_uncredited_photos: true } }] };
    const view = selectPartner(catalog([{ ...corrected, summary: 'Storm.' }], NOW), cfg, cfg.partners[0]!, 'partners/brief');
    const json = JSON.parse(renderView(view, OPTS).find((f) => f.path.endsWith('feed.json'))!.body);
    expect(json.items[0].content_html).toMatch(/^<p class="correction">.*<\/p>\n<p>Storm\.<\/p>/);
  });

  it('the JSON Feed keeps JSON.stringify’s layout with tombstones, corrections and expiry', () => {
    const killed = story({ id: 'https://news.example.org/k', url: 'https://news.example.org/k', withdrawn: { at: ms('2026-11-25T08:00:00Z'), reason: 'legal "quote" \\ <b>' } });
    const { json } = files([corrected, expiring, killed]);
    expect(json).toBe(`${JSON.stringify(JSON.parse(json), null, 2)}\n`);
  });
});

describe('the validators catch a malformed tombstone', () => {
  const killed = () => files([story({ withdrawn: { at: ms('2026-11-25T08:00:00Z'), reason: 'legal' } })]);

  it('valid as written, in every format', async () => {
    const k = killed();
    expect(rssProblems(k.rss)).toEqual([]);
    expect(jsonFeedErrors(k.json)).toEqual([]);
    if (!jingMissing) expect(await atomSchemaErrors({ 'atom.xml': k.atom })).toEqual([]);
  });

  it('without `when`, or with a ref that is no IRI: RSS rules and the RFC 6721 schema refuse it', async () => {
    const k = killed();
    const noWhen = (doc: string) => doc.replace(/ when="[^"]*"/, '');
    expect(rssProblems(noWhen(k.rss))).toEqual(['tombstone 1: at:deleted-entry needs when, an RFC 3339 date-time']);
    expect(rssProblems(k.rss.replace(/ ref="[^"]*"/, ' ref="not an iri"'))).toEqual(["tombstone 1: at:deleted-entry needs a ref, the entry's id (an IRI)"]);
    if (jingMissing) return;
    const errors = await atomSchemaErrors({ 'atom.xml': noWhen(k.atom) });
    expect(errors.join('\n')).toMatch(/deleted-entry.*missing required attribute "when"/);
  });
});

describe('order and archives', () => {
  const old = story({ id: 'https://news.example.org/old', url: 'https://news.example.org/old', published: ms('2026-11-01T10:00:00Z'), updated: ms('2026-11-25T10:00:00Z'), correction: 'fixed' });
  const recent = story({ id: 'https://news.example.org/recent', url: 'https://news.example.org/recent', published: ms('2026-11-24T10:00:00Z'), updated: ms('2026-11-24T10:00:00Z') });

  it('the main feed keeps published order; feed.order: updated puts the corrected story first', () => {
    const ids = (cfg: Config) => selectMain(catalog([old, recent], NOW), cfg).items.map((i) => i.id);
    expect(ids(config)).toEqual(['https://news.example.org/recent', 'https://news.example.org/old']);
    expect(ids({ ...config, feed: { ...config.feed, order: 'updated' } })).toEqual(['https://news.example.org/old', 'https://news.example.org/recent']);
  });

  it('a month whose only story was killed keeps an archive page of its tombstone, in the chain, until the window ends', () => {
    const sub = selectMain(catalog([recent], NOW), config);
    const t = { id: 'https://news.example.org/k', url: 'https://news.example.org/k', published: ms('2026-09-10T10:00:00Z'), when: ms('2026-11-20T10:00:00Z'), reason: 'legal', cause: 'withdrawn' as const, version: 2 };
    const docs = archivedFeed(sub, [], 'month', [t]);
    expect(docs.map((d) => d.dir)).toEqual(['', 'archive/2026-09']);
    expect(docs[0]!.links.prevArchive?.atom).toBe(docs[1]!.links.self.atom);
    expect(docs[1]!.items).toEqual([]);
    expect(docs[1]!.tombstones).toEqual([t]);
    expect(docs[1]!.updated).toBe(t.when);
    const json = renderView(docs[1]!, OPTS).find((f) => f.path.endsWith('feed.json'))!.body;
    expect(jsonFeedErrors(json)).toEqual([]);
    expect(JSON.parse(json)._wirefeed.deleted).toEqual([{ id: t.id, when: '2026-11-20T10:00:00Z', reason: 'legal' }]);
    expect(archivedFeed(sub, [], 'month', [])).toEqual([sub]);
  });
});
