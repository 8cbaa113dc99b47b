// One story's life, as partners see it: published, corrected, killed, and gone after the
// tombstone window; beside it a licence that runs out and an old story killed from an archive
// month. At each step every document (main, tag, partner, archive; RSS, Atom, JSON Feed) is
// parsed back (fast-xml-parser; Python's feedparser for the partner's feed) and checked, every
// document validates (Atom against RFC 4287 + RFC 6721), a warm
// run (parse cache) writes exactly the bytes of a cold one, and the hub is pinged for exactly
// the feed documents that changed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, loadConfig, type Config } from '../src/index.js';
import { dirOf, testAccess } from './helpers/partners.js';
import { atomSchemaErrors, jingMissing } from './helpers/jing.js';
import { jsonFeedErrors } from './helpers/jsonfeed.js';
import { rssProblems } from './helpers/rss.js';
import { needs } from './helpers/tools.js';
import { parseXml, textOf, type Node } from './helpers/xml.js';

const FIXTURE = path.resolve('test/fixtures/story-changes');
const BASE = 'https://changes.example.org/feeds/';
const STORY = 'https://changes.example.org/stories/s-storm';
const LICENCE = 'https://changes.example.org/stories/e-licence';
const OLD_KILL = 'https://changes.example.org/stories/k-killed';
const CORRECTION = 'An earlier version said gusts of 25 metres a second; they reached 30.';
const KILL_REASON = 'Legal: withdrawn on the advice of our lawyers';
// What of the story may not survive its kill anywhere: body, photo, credit, headline.
const STORY_TRACES = ['closed at 14:00', 'storm.jpg', 'Johan Nilsson', 'Öresund Bridge'];

// Python's feedparser (Debian's python3-feedparser), a reader partners' ingest scripts use.
const PYTHON = '/usr/bin/python3';
const hasFeedparser = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import feedparser'], { encoding: 'utf8' }).status === 0;
const feedparser = needs('feedparser', hasFeedparser ? undefined : `${PYTHON} cannot import feedparser`);
const READER = `
import feedparser, json, sys
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({"bozo": str(d.get("bozo_exception", "")) if d.bozo else "", "entries": [{"id": e.get("id"), "updated": e.get("updated"), "content": (e.get("content") or [{}])[0].get("value", "")} for e in d.entries]}))
`;
function readWithFeedparser(doc: string): { bozo: string; entries: { id: string; updated?: string; content: string }[] } {
  const r = spawnSync(PYTHON, ['-c', READER], { input: doc, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

interface Doc {
  entries: { id: string; updated: string; content: string; valid?: string }[];
  tombstones: { ref: string; when: string; reason: string }[];
}

/** RFC 6721 tombstones, the same children of atom:feed and of the RSS channel. */
const tombstonesIn = (parent: Node): Doc['tombstones'] =>
  ((parent['at:deleted-entry'] as Node[] | undefined) ?? []).map((t) => ({ ref: String(t['@ref']), when: String(t['@when']), reason: textOf(t['at:comment'])! }));

function readAtom(text: string): Doc {
  const feed = parseXml(text).feed as Node;
  return {
    entries: ((feed.entry as Node[] | undefined) ?? []).map((e) => ({
      id: textOf(e.id)!,
      updated: textOf(e.updated)!,
      content: textOf(e.content)!,
      valid: textOf(e['dcterms:valid']),
    })),
    tombstones: tombstonesIn(feed),
  };
}

function readRss(text: string): Doc {
  const ch = (parseXml(text).rss as Node).channel as Node;
  return {
    entries: ((ch.item as Node[] | undefined) ?? []).map((i) => ({
      id: textOf(i.guid)!,
      // RSS has no entry-level updated: a correction's time is dcterms:modified.
      updated: textOf(i['dcterms:modified']) ?? '',
      content: textOf(i['content:encoded'])!,
      valid: textOf(i['dcterms:valid']),
    })),
    tombstones: tombstonesIn(ch),
  };
}

function readJson(text: string): Doc {
  const feed = JSON.parse(text) as {
    items: { id: string; date_modified: string; content_html: string; _wirefeed?: { expires?: string } }[];
    _wirefeed?: { deleted?: { id: string; when: string; reason: string }[] };
  };
  return {
    entries: feed.items.map((i) => ({ id: i.id, updated: i.date_modified, content: i.content_html, valid: i._wirefeed?.expires })),
    tombstones: (feed._wirefeed?.deleted ?? []).map((t) => ({ ref: t.id, when: t.when, reason: t.reason })),
  };
}

const READ = { 'rss.xml': readRss, 'atom.xml': readAtom, 'feed.json': readJson } as const;
type FileName = keyof typeof READ;
const NAMES = Object.keys(READ) as FileName[];

async function filesOf(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const abs = path.join(e.parentPath, e.name);
    out.set(path.relative(dir, abs).split(path.sep).join('/'), await readFile(abs, 'utf8'));
  }
  return out;
}

/** Every feed document of out/, parsed, by its path ('' main, 'tags/nordic', …) and file name. */
function docsOf(files: Map<string, string>): Map<string, Record<FileName, Doc>> {
  const docs = new Map<string, Record<FileName, Doc>>();
  for (const [rel, text] of files) {
    const name = path.posix.basename(rel) as FileName;
    if (!(name in READ)) continue;
    const dir = path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel);
    const doc = docs.get(dir) ?? ({} as Record<FileName, Doc>);
    doc[name] = READ[name](text);
    docs.set(dir, doc);
  }
  return docs;
}

async function validate(files: Map<string, string>) {
  const atom: Record<string, string> = {};
  for (const [rel, text] of files) {
    if (rel.endsWith('rss.xml')) expect(rssProblems(text), rel).toEqual([]);
    if (rel.endsWith('feed.json')) expect(jsonFeedErrors(text), rel).toEqual([]);
    if (rel.endsWith('atom.xml')) atom[rel] = text;
  }
  if (!jingMissing) expect(await atomSchemaErrors(atom)).toEqual([]);
}

/** A hub on 127.0.0.1 that records each topic pinged. */
async function startHub() {
  const topics: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      topics.push(...new URLSearchParams(body).getAll('hub.url'));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`,
    take: () => topics.splice(0).sort(),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// The fixture's partners have secrets: their documents are under partners/<token>/, the cards on the newsroom's page.
const access = testAccess(['nordpress', 'wireonly']);
const P = dirOf(access, 'nordpress');
const W = dirOf(access, 'wireonly');
const NEWSROOM_PAGE = `partners/${access.newsroom}/index.html`;

let tmp: string;
let items: string;
let warm: string;
let config: Config;
let hub: Awaited<ReturnType<typeof startHub>>;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-changes-'));
  items = path.join(tmp, 'items');
  warm = path.join(tmp, 'warm');
  await cp(path.join(FIXTURE, 'items'), items, { recursive: true });
  hub = await startHub();
  const loaded = await loadConfig(path.join(FIXTURE, 'wirefeed.config.yaml'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  config = { ...loaded.config, hub: hub.url };
});
afterAll(async () => {
  await hub?.close();
  await rm(tmp, { recursive: true, force: true });
});

async function editStory(edit: (text: string) => string) {
  const file = path.join(items, 's-storm.md');
  await writeFile(file, edit(await readFile(file, 'utf8')));
}

/**
 * One step: a warm run (the cache of the steps before) and a cold run into a fresh folder
 * must leave the same bytes; every document validates; a second warm run writes nothing.
 */
async function step(now: string) {
  const at = Date.parse(now);
  const r = await build({ config, itemsDir: items, outDir: warm, now: at, cacheDir: path.join(tmp, 'cache'), ping: { timeoutMs: 2000, retries: 0 }, access });
  expect(r.problems).toEqual([]);
  expect(r.exitCode).toBe(0);
  const pinged = hub.take();
  const cold = path.join(tmp, `cold-${at}`);
  const c = await build({ config, itemsDir: items, outDir: cold, now: at, ping: false, access });
  expect(c.exitCode).toBe(0);
  // The documents this step publishes (a document emptied by a step before may linger on disk).
  const current = new Set(r.views.flatMap((v) => v.formats.map((f) => (v.dir ? `${v.dir}/` : '') + ({ rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' } as const)[f])));
  const files = new Map([...(await filesOf(warm))].filter(([rel]) => current.has(rel) || !/(rss\.xml|atom\.xml|feed\.json)$/.test(rel)));
  const coldFiles = await filesOf(cold);
  expect([...files.keys()].sort()).toEqual([...coldFiles.keys()].sort());
  for (const [rel, text] of coldFiles) expect(files.get(rel), `${rel}: warm run differs from cold`).toBe(text);
  await validate(files);
  const again = await build({ config, itemsDir: items, outDir: warm, now: at, cacheDir: path.join(tmp, 'cache'), ping: { timeoutMs: 2000, retries: 0 }, access });
  expect(again.report.written).toEqual([]);
  expect(hub.take()).toEqual([]);
  const written = r.report.written.filter((p) => /(rss\.xml|atom\.xml|feed\.json)$/.test(p)).map((p) => `${BASE}${p}`).sort();
  return { files, docs: docsOf(files), written, pinged };
}

/** The three formats of one document, for a check that must hold in each. */
function each(docs: Map<string, Record<FileName, Doc>>, dir: string, check: (doc: Doc, name: FileName) => void) {
  const doc = docs.get(dir);
  expect(doc, `no document in ${dir || 'out/'}`).toBeDefined();
  for (const name of NAMES) check(doc![name], name);
}

/** The rows of index.html's list of kills and corrections: on a partner's card, or the site's own. */
function pageChanges(html: string, partner?: string): string[] {
  const doc = parseDocument(html);
  const scope = partner ? DomUtils.findOne((e) => e.attribs.id === `partner-${partner}`, doc.children) : doc;
  expect(scope, `no card for ${partner}`).toBeTruthy();
  const lists = DomUtils.findAll((e) => e.name === 'ul' && e.attribs.class === 'changes', scope ? [scope] : []);
  // The site's list is the one outside every partner card.
  const own = partner ? lists : lists.filter((ul) => !DomUtils.findOne((e) => e === ul, DomUtils.findAll((e) => e.attribs.class === 'partner', doc.children)));
  return own.flatMap((ul) => DomUtils.getElementsByTagName('li', ul).map((li) => DomUtils.textContent(li).replace(/\s+/g, ' ').trim()));
}

const OLD_KILL_ROW = `15 November 2026, 15:00 UTC Withdrawn: ${OLD_KILL} Withdrawn at the source's request`;
const ids = (d: Doc) => d.entries.map((e) => e.id);
const refs = (d: Doc) => d.tombstones.map((t) => t.ref);
const SUBSCRIPTIONS = ['', 'tags/nordic', P, W];
const topics = (...dirs: string[]) => dirs.flatMap((d) => NAMES.map((n) => `${BASE}${d ? `${d}/` : ''}${n}`)).sort();

describe('publish → correct → kill → after the window', () => {
  it('published: the story in every feed that takes it, with photo and credit; the old kill tombstoned in its feeds and its archive month', async () => {
    const { docs } = await step('2026-11-21T12:00:00Z');
    each(docs, '', (d) => {
      expect(ids(d)).toEqual(['https://changes.example.org/stories/d-ice', STORY, 'https://changes.example.org/stories/b-ferry']);
      expect(d.entries[1]!.content).toContain('Photo: Johan Nilsson/AP/TT');
      expect(d.entries[1]!.content).not.toContain('class="correction"');
      expect(d.tombstones).toEqual([{ ref: OLD_KILL, when: '2026-11-15T15:00:00Z', reason: 'Withdrawn at the source\'s request' }]);
    });
    // The licence's end, announced before it comes (E sits in the main feed's November archive).
    each(docs, 'archive/2026-11', (d) => {
      expect(ids(d)).toEqual([LICENCE]);
    });
    // A DCMI Period in RSS and Atom (as MSN reads it); JSON Feed's _wirefeed.expires is the bare time.
    const PERIOD = { 'rss.xml': 'end=2026-11-25T00:00:00Z; scheme=W3C-DTF;', 'atom.xml': 'end=2026-11-25T00:00:00Z; scheme=W3C-DTF;', 'feed.json': '2026-11-25T00:00:00Z' };
    each(docs, 'archive/2026-11', (d, name) => expect(d.entries[0]!.valid, name).toBe(PERIOD[name]));
    // The old kill also stands in the archive month its story was in, beside the live story of that month.
    each(docs, 'archive/2026-10', (d) => {
      expect(ids(d)).toEqual(['https://changes.example.org/stories/c-october']);
      expect(refs(d)).toEqual([OLD_KILL]);
    });
    each(docs, P, (d, name) => {
      expect(ids(d)).toEqual([STORY, 'https://changes.example.org/stories/b-ferry', LICENCE]);
      // Its policy withholds AP photos: the story goes out without the picture.
      expect(d.entries[0]!.content).not.toContain('storm.jpg');
      expect(refs(d)).toEqual([OLD_KILL]);
      expect(d.entries[2]!.valid, name).toBe(PERIOD[name]);
    });
    each(docs, W, (d) => {
      expect(ids(d)).not.toContain(STORY);
      expect(d.tombstones).toEqual([]);
    });
  });

  it('corrected: a note at the top of the body in every format, the new updated, and back at the top of the partner feed', async () => {
    await editStory((t) =>
      t.replace('published: 2026-11-20T10:00:00Z\n', `published: 2026-11-20T10:00:00Z\nupdated: 2026-11-22T09:00:00Z\ncorrection: "${CORRECTION}"\n`),
    );
    const { docs, files, written, pinged } = await step('2026-11-22T12:00:00Z');
    for (const dir of ['', 'tags/nordic', P])
      each(docs, dir, (d, name) => {
        const entry = d.entries.find((e) => e.id === STORY)!;
        expect(entry.content.startsWith('<p class="correction"><strong>Correction (2026-11-22 09:00 UTC):</strong> An earlier version said'), `${dir} ${name}`).toBe(true);
        expect(entry.updated).toBe('2026-11-22T09:00:00Z');
      });
    // The main feed keeps its order by published; the partner's puts the latest change first.
    each(docs, '', (d) => expect(ids(d)[1]).toBe(STORY));
    each(docs, P, (d) => expect(ids(d)[0]).toBe(STORY));
    if (feedparser) {
      const atom = readWithFeedparser(files.get(`${P}/atom.xml`)!);
      expect(atom.bozo).toBe('');
      expect(atom.entries[0]!.id).toBe(STORY);
      expect(atom.entries[0]!.updated).toBe('2026-11-22T09:00:00Z');
      expect(atom.entries[0]!.content).toMatch(/^<p class="correction">/);
    }
    const json = JSON.parse(files.get(`${P}/feed.json`)!) as { items: { id: string; _wirefeed?: unknown }[] };
    expect(json.items[0]!._wirefeed).toEqual({ correction: CORRECTION, corrected: '2026-11-22T09:00:00Z', version: 2 });
    // WebSub: one ping per document the correction changed, and only those.
    expect(pinged).toEqual(written.filter((t) => !t.startsWith(`${BASE}partners/`))); // a partner's URL is never told to the hub
    expect(written).toEqual(expect.arrayContaining(topics('', 'tags/nordic', P)));
    expect(written.some((t) => t.includes(W))).toBe(false);
    // The page lists the correction, with its date and note, for the site and for the partner it went to.
    const row = `22 November 2026, 09:00 UTC Corrected: Storm closes Öresund Bridge ${CORRECTION}`;
    expect(pageChanges(files.get('index.html')!)).toEqual([row, OLD_KILL_ROW]);
    expect(pageChanges(files.get(NEWSROOM_PAGE)!, 'nordpress')).toEqual([row, OLD_KILL_ROW]);
    expect(pageChanges(files.get(NEWSROOM_PAGE)!, 'wireonly')).toEqual([]);
  });

  it('killed: a tombstone in place of the entry wherever it went, body, photo and credit gone from every file', async () => {
    await editStory((t) => t.replace('tags: [Nordic]\n', `tags: [Nordic]\nwithdrawn:\n  at: 2026-11-23T08:00:00Z\n  reason: "${KILL_REASON}"\n`));
    const { docs, files, written, pinged } = await step('2026-11-23T12:00:00Z');
    for (const dir of ['', 'tags/nordic', P])
      each(docs, dir, (d, name) => {
        expect(ids(d), `${dir} ${name}`).not.toContain(STORY);
        expect(d.tombstones[0], `${dir} ${name}`).toEqual({ ref: STORY, when: '2026-11-23T08:00:00Z', reason: KILL_REASON });
      });
    // The partner that never received the story is told nothing of it.
    each(docs, W, (d) => expect(refs(d)).not.toContain(STORY));
    // Live, the story would still be among the newest three: no archive page names it.
    for (const [dir] of docs) if (dir.includes('archive/')) each(docs, dir, (d) => expect(refs(d)).not.toContain(STORY));
    for (const [rel, text] of files) for (const trace of STORY_TRACES) expect(text.includes(trace), `${rel} still holds "${trace}"`).toBe(false);
    // A reader that knows nothing of RFC 6721 reads the documents as before, without the story.
    if (feedparser)
      for (const rel of [`${P}/rss.xml`, `${P}/atom.xml`]) {
        const read = readWithFeedparser(files.get(rel)!);
        expect(read.bozo, rel).toBe('');
        expect(read.entries.map((e) => e.id), rel).toEqual(ids(docs.get(P)!['atom.xml']));
      }
    expect(pinged).toEqual(written.filter((t) => !t.startsWith(`${BASE}partners/`))); // a partner's URL is never told to the hub
    expect(written).toEqual(expect.arrayContaining(topics('', 'tags/nordic', P)));
    // The page: the kill with its date and reason (the id, not the headline), where the story went.
    const kill = `23 November 2026, 08:00 UTC Withdrawn: ${STORY} ${KILL_REASON}`;
    expect(pageChanges(files.get('index.html')!)).toEqual([kill, OLD_KILL_ROW]);
    expect(pageChanges(files.get(NEWSROOM_PAGE)!, 'nordpress')).toEqual([kill, OLD_KILL_ROW]);
    expect(pageChanges(files.get(NEWSROOM_PAGE)!, 'wireonly')).toEqual([]);
  });

  it('licence expired: a tombstone for each partner it had reached, and the main and tag feeds', async () => {
    const { docs, files } = await step('2026-11-26T12:00:00Z');
    for (const dir of SUBSCRIPTIONS)
      each(docs, dir, (d) => {
        expect(ids(d)).not.toContain(LICENCE);
        expect(d.tombstones).toContainEqual({ ref: LICENCE, when: '2026-11-25T00:00:00Z', reason: 'licence expired' });
      });
    expect(pageChanges(files.get(NEWSROOM_PAGE)!, 'wireonly')).toEqual([`25 November 2026, 00:00 UTC Licence expired: ${LICENCE}`]);
  });

  it('after the window: the story’s and the old kill’s tombstones are gone; the licence’s, killed later, stays', async () => {
    const { docs, files } = await step('2026-12-24T12:00:00Z');
    for (const dir of SUBSCRIPTIONS) each(docs, dir, (d) => expect(refs(d)).toEqual([LICENCE]));
    for (const [dir] of docs) if (dir.includes('archive/')) each(docs, dir, (d) => expect(refs(d)).not.toContain(OLD_KILL));
    for (const [rel, text] of files) expect(text.includes(STORY), `${rel} still names the story`).toBe(false);
  });

  it('and once every window has passed, no document carries a tombstone', async () => {
    const { docs, files } = await step('2026-12-26T12:00:00Z');
    for (const [dir] of docs) each(docs, dir, (d) => expect(d.tombstones).toEqual([]));
    for (const [rel, text] of files) expect(text.includes('deleted-entry') || text.includes('"deleted"'), rel).toBe(false);
  });
});
