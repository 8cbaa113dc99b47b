// The reader matrix: the sample items built as `wirefeed build` builds them, every document
// read back by real clients (feedparser and gofeed, and the JavaScript parsers feedsmith and
// rss-parser), and for each attribution field and each
// client and format, whether the client read it. docs/readers.md is this test's table: with
// UPDATE_READERS_DOC=1 the test writes it, otherwise it fails when the doc says otherwise.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import Parser from 'rss-parser';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import type { Format, Item } from '../../src/types.js';
import { ITEMS_DIR, NOW, REPO, sampleItems } from '../helpers/site.js';
import { needs } from '../helpers/tools.js';
import {
  buildGofeedDump,
  feedparserMissing,
  feedparserVersion,
  gofeedMissing,
  gofeedVersion,
  runFeedparser,
  runGofeed,
  type Loose,
} from './clients.js';
import { CAPTIONS, extValues, FIELDS, type Client } from './fields.js';
import { renderReadersDoc, type Cell, type Matrix } from './doc.js';

const DOC = path.join(REPO, 'docs/readers.md');
const FILES: Record<Format, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };
const FORMATS: Format[] = ['rss', 'atom', 'json'];
const CLIENTS: Client[] = ['feedparser', 'gofeed', 'feedsmith', 'rss-parser'];

/** The JavaScript parsers' versions, as installed (package.json pins them). */
const jsVersions = () => {
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  return { feedsmith: pkg.devDependencies.feedsmith!, 'rss-parser': pkg.devDependencies['rss-parser']! };
};

const canRun = needs('feedparser', feedparserMissing()) && needs('gofeed', gofeedMissing());

describe.skipIf(!canRun)('the reader matrix: the sample items through feedparser and gofeed', async () => {
  if (!canRun) return;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirefeed-readers-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const out = path.join(tmp, 'out');
  const result = await build({ configFile: path.join(REPO, 'wirefeed.config.yaml'), itemsDir: ITEMS_DIR, outDir: out, now: NOW });
  const items = await sampleItems();
  for (const item of items) if (item.image?.caption?.trim()) CAPTIONS.add(item.image.caption.trim());

  // The main feed and its archives hold every sample item once.
  const dirs = ['', ...readdirSync(path.join(out, 'archive')).sort().map((d) => `archive/${d}`)];
  const files = (f: Format) => dirs.map((d) => (d ? `${d}/${FILES[f]}` : FILES[f]));
  const fp = runFeedparser([...files('rss'), ...files('atom'), ...files('json')], out);
  const gf = runGofeed(buildGofeedDump(path.join(tmp, 'bin')), FORMATS.flatMap(files), out);

  const text = (f: string) => readFileSync(path.join(out, f), 'utf8');
  const fsParse = { rss: parseRssFeed, atom: parseAtomFeed, json: (t: string) => parseJsonFeed(JSON.parse(t)) };
  const fs = Object.fromEntries(FORMATS.flatMap(files).map((f) => [f, fsParse[FORMATS.find((x) => f.endsWith(FILES[x]))!](text(f)) as Loose]));
  // rss-parser with its defaults: what an application gets without customFields.
  const rssParser = new Parser();
  const rp: Record<string, Loose> = {};
  for (const f of [...files('rss'), ...files('atom')]) rp[f] = await rssParser.parseString(text(f));

  const entries = (client: Client, format: Format): Loose[] =>
    files(format).flatMap((f) =>
      client === 'feedparser' ? fp[f]!.entries : client === 'gofeed' ? gf[f]!.items : client === 'rss-parser' ? rp[f]!.items : (fs[f]!.items ?? fs[f]!.entries),
    );
  const linkOf = (client: Client, e: Loose): unknown =>
    client === 'feedsmith' ? (e.url ?? (Array.isArray(e.links) ? e.links.find((l: Loose) => l.rel === 'alternate')?.href : undefined) ?? e.link) : e.link;
  const find = (client: Client, format: Format, item: Item) => entries(client, format).find((e) => linkOf(client, e) === item.url);
  const reads = (client: Client, format: Format) => format !== 'json' || client === 'gofeed' || client === 'feedsmith';

  const matrix: Matrix = FIELDS.map((field) => {
    const cells = {} as Record<`${Client} ${Format}`, Cell>;
    for (const client of CLIENTS)
      for (const format of FORMATS) {
        if (!reads(client, format)) {
          cells[`${client} ${format}`] = 'n/a';
          continue;
        }
        let cell = 'read' as Cell;
        for (const item of items.filter(field.applies)) {
          const entry = find(client, format, item)!;
          const want = field.want(item);
          const got = field.read[client](entry, format).filter((v) => v !== undefined && v !== null).map(String);
          if (want.every((w) => got.includes(w))) continue;
          const ext = extValues(client, entry);
          cell = want.every((w) => got.includes(w) || ext.includes(w)) && cell !== 'lost' ? 'ext' : 'lost';
        }
        cells[`${client} ${format}`] = cell;
      }
    return { field, cells };
  });
  const cell = (name: string, client: Client, format: Format) => matrix.find((r) => r.field.name.startsWith(name))!.cells[`${client} ${format}`];

  it('builds the samples, and every client finds every item in every format it reads', () => {
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(items.length).toBeGreaterThanOrEqual(10);
    for (const client of CLIENTS)
      for (const format of FORMATS.filter((f) => reads(client, f)))
        for (const item of items) expect(find(client, format, item), `${client} ${format}: ${item.file}`).toBeDefined();
    // Debian's feedparser 6.0 has no JSON Feed parser: it reads no entry from feed.json.
    for (const f of files('json')) expect(fp[f]!.entries).toEqual([]);
  });

  it('measures every field on at least one sample item', () => {
    for (const field of FIELDS) expect(items.filter(field.applies).length, field.name).toBeGreaterThan(0);
  });

  it('the gaps the issue found are closed where a valid mapping can close them', () => {
    // RSS corrections (dcterms:modified), for feedparser; gofeed's universal RSS item has no updated.
    expect(cell('Updated', 'feedparser', 'rss')).toBe('read');
    expect(cell('Updated', 'gofeed', 'rss')).toBe('ext');
    // One dc:creator with the whole byline: gofeed (first dc:creator) and feedparser (last) both show it.
    expect(cell('Byline', 'gofeed', 'rss')).toBe('read');
    expect(cell('Byline', 'feedparser', 'rss')).toBe('read');
    // JSON Feed's single `author` carries the byline for gofeed.
    expect(cell('Byline', 'gofeed', 'json')).toBe('read');
    // The original article: atom:link rel="via" (RSS, Atom), JSON Feed external_url.
    expect(cell('Original article URL', 'feedparser', 'rss')).toBe('read');
    expect(cell('Original article URL', 'feedparser', 'atom')).toBe('read');
    expect(cell('Original article URL', 'gofeed', 'json')).toBe('read');
    // atom:source names the source feed, read by feedparser.
    expect(cell('Source feed', 'feedparser', 'atom')).toBe('read');
    expect(cell('Source feed', 'feedparser', 'rss')).toBe('read');
    // The caption never becomes the summary, nor relabels the HTML description.
    for (const f of ['rss', 'atom'] as const) expect(cell('Summary is the summary', 'feedparser', f)).toBe('read');
    // Media RSS: thumbnail, renditions, the photographer's role.
    for (const f of ['rss', 'atom'] as const) {
      expect(cell('Thumbnail', 'feedparser', f)).toBe('read');
      expect(cell('Renditions', 'feedparser', f)).toBe('read');
      expect(cell('Photographer', 'feedparser', f)).toBe('read');
    }
    // feedsmith reads every namespace: everything a valid mapping writes in RSS and Atom.
    for (const f of ['rss', 'atom'] as const)
      for (const name of ['Caption', 'Alt text', 'Photo rights', 'Photo credit', 'Original article URL', 'Updated', 'License', 'Source feed', 'Thumbnail', 'Renditions'])
        expect(cell(name, 'feedsmith', f), `${name} ${f}`).toBe('read');
    // The credit line, which carries what no client has a field for (the contributor's role).
    for (const client of CLIENTS) for (const f of FORMATS.filter((x) => reads(client, x))) expect(cell('Credit line', client, f)).toBe('read');
  });

  it('docs/readers.md is the table this run measured', () => {
    const doc = renderReadersDoc(matrix, { feedparser: feedparserVersion(), gofeed: gofeedVersion(), ...jsVersions() });
    if (process.env.UPDATE_READERS_DOC === '1') writeFileSync(DOC, doc);
    expect(readFileSync(DOC, 'utf8'), 'run UPDATE_READERS_DOC=1 npx vitest run test/readers/matrix.test.ts after a mapping change').toBe(doc);
  });
});
