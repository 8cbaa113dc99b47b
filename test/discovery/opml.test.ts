// out/feeds.opml: OPML 2.0 listing every feed with its title and URL, read back with
// fast-xml-parser and, independently, feedsmith's OPML parser.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseOpml } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { dirOf, testAccess } from '../helpers/partners.js';
import { parseRfc822 } from '../helpers/rss.js';
import { parseXml, wellFormedProblems } from '../helpers/xml.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NOW = Date.parse('2026-11-26T12:00:00Z');
const BASE = 'https://news.example.org/feeds/';

type Loose = Record<string, any>;
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

let out: string;
let result: BuildResult;
let opml: string;
// Every sample partner has a secret, so its feeds exist: the public list still names none.
const access = testAccess(['nordpress', 'baltic-daily', 'wirewatch']);

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-opml-'));
  result = await build({ configFile: path.join(ROOT, 'wirefeed.config.yaml'), itemsDir: path.join(ROOT, 'items'), outDir: out, now: NOW, access });
  opml = await readFile(path.join(out, 'feeds.opml'), 'utf8');
});
afterAll(() => rm(out, { recursive: true, force: true }));

/** Every public subscription document that was written (archive pages are reached from their feed). */
const feedDirs = () => [...new Set(result.views.filter((v) => !v.archive && !v.dir.startsWith('partners/')).map((v) => v.dir))];

describe('feeds.opml', () => {
  it('is well-formed OPML 2.0 with a title, a date from the items (not the clock) and the spec link', () => {
    expect(result.exitCode).toBe(0);
    expect(wellFormedProblems(opml)).toEqual([]);
    const doc = parseXml(opml) as Loose;
    expect(doc.opml['@version']).toBe('2.0');
    expect(doc.opml.head.title).toBe('Nordic Wire Desk: feeds');
    expect(doc.opml.head.docs).toBe('https://opml.org/spec2.opml');
    const newest = Math.max(...result.views.filter((v) => !v.dir.startsWith('partners/')).map((v) => v.updated));
    expect(parseRfc822(doc.opml.head.dateModified)).toBe(Math.floor(newest / 1000) * 1000);
  });

  it('lists every public feed once, in its folder, with the title its own document carries and a URL that is a file in out/', async () => {
    const doc = parseXml(opml) as Loose;
    const folders = list(doc.opml.body.outline) as Loose[];
    expect(folders.map((f) => f['@text'])).toEqual(['Main feed', 'Topics']);
    const feeds = folders.flatMap((f) => list(f.outline) as Loose[]);
    expect(feeds).toHaveLength(feedDirs().length);
    for (const o of feeds) {
      expect(o['@type']).toBe('rss');
      expect(o['@xmlUrl'].startsWith(BASE)).toBe(true);
      const rel = o['@xmlUrl'].slice(BASE.length);
      expect(existsSync(path.join(out, rel)), rel).toBe(true);
      // The title is the one the feed document itself carries.
      const channel = (parseXml(await readFile(path.join(out, rel), 'utf8')) as Loose).rss.channel;
      expect(o['@text']).toBe(channel.title);
      expect(o['@title']).toBe(channel.title);
      expect(o['@htmlUrl']).toBe('https://news.example.org/');
      expect(o['@version']).toBe('RSS2');
    }
    expect(feeds.map((o) => o['@xmlUrl'].slice(BASE.length).replace(/\/?rss\.xml$/, '')).sort()).toEqual(feedDirs().sort());
  });

  it('names no partner: each partner has its own OPML in its private folder, listing only its feed', async () => {
    expect(opml).not.toContain('partners/');
    for (const [name, title] of [['nordpress', 'Nordpress'], ['baltic-daily', 'Baltic Daily'], ['wirewatch', 'Wirewatch']] as const) {
      expect(opml).not.toContain(title);
      const own = parseOpml(await readFile(path.join(out, dirOf(access, name), 'feeds.opml'), 'utf8')) as Loose;
      expect(own.head.title).toBe(title);
      const outlines = own.body.outlines.flatMap((f: Loose) => f.outlines ?? []);
      expect(outlines.map((o: Loose) => o.xmlUrl)).toEqual([`${BASE}${dirOf(access, name)}/rss.xml`]);
      expect(outlines[0].text).toBe(title);
    }
  });

  it('reads back the same with an independent parser (feedsmith)', () => {
    const parsed = parseOpml(opml) as Loose;
    expect(parsed.head.title).toBe('Nordic Wire Desk: feeds');
    const feeds = parsed.body.outlines.flatMap((f: Loose) => f.outlines ?? []);
    expect(feeds.map((o: Loose) => o.xmlUrl)).toEqual([
      `${BASE}rss.xml`,
      `${BASE}tags/climate/rss.xml`,
      `${BASE}tags/ukraine/rss.xml`,
    ]);
  });

  it('is the same bytes on a second build, and index.html too', async () => {
    const again = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-opml-'));
    try {
      await build({ configFile: path.join(ROOT, 'wirefeed.config.yaml'), itemsDir: path.join(ROOT, 'items'), outDir: again, now: NOW, access });
      for (const f of ['feeds.opml', 'index.html']) expect(await readFile(path.join(again, f), 'utf8')).toBe(await readFile(path.join(out, f), 'utf8'));
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });
});
