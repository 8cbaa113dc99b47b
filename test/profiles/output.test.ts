// Each profile's output: built from its fixture, valid under every validator the project uses
// (RSS rules, jing for Atom, the JSON Feed schema) with the platform namespaces declared, read
// back by the reader matrix's clients (feedparser, gofeed), and carrying what the platform reads.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { atomSchemaErrors, jingMissing } from '../helpers/jing.js';
import { jsonFeedErrors } from '../helpers/jsonfeed.js';
import { rssProblems } from '../helpers/rss.js';
import { needs } from '../helpers/tools.js';
import { parseXml, textOf, type Node } from '../helpers/xml.js';
import { buildGofeedDump, feedparserMissing, gofeedMissing, runFeedparser, runGofeed, type Loose } from '../readers/clients.js';
import { fixture, NOW } from './helpers.js';
import { dirOf, testAccess } from '../helpers/partners.js';

const PLATFORMS = { msn: 'msn-start', 'google-news': 'google', flipboard: 'flipboard', smartnews: 'smartnews', 'apple-news': 'apple', feedly: 'feedly' } as const;
type Platform = keyof typeof PLATFORMS;
// Each platform's partner has a secret: its documents are in its token folder.
const access = testAccess(Object.values(PLATFORMS));
const at = (platform: Platform) => dirOf(access, PLATFORMS[platform]);

const canRead = needs('feedparser', feedparserMissing()) && needs('gofeed', gofeedMissing());

let tmp: string;
const out: Record<string, { rss: string; atom: string; json: string; mainRss: string }> = {};

async function buildInto(platform: Platform, dir: string, strict: boolean): Promise<void> {
  const src = fixture(platform);
  const r = await build({ configFile: path.join(src, 'wirefeed.config.yaml'), itemsDir: path.join(src, 'items'), outDir: dir, now: Date.parse(NOW), strict, ping: false, access });
  expect(r.fatal).toBeUndefined();
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-profiles-'));
  for (const platform of Object.keys(PLATFORMS) as Platform[]) {
    const dir = path.join(tmp, platform);
    await buildInto(platform, dir, false);
    const p = path.join(dir, at(platform));
    out[platform] = {
      rss: await readFile(path.join(p, 'rss.xml'), 'utf8'),
      atom: await readFile(path.join(p, 'atom.xml'), 'utf8'),
      json: await readFile(path.join(p, 'feed.json'), 'utf8'),
      mainRss: await readFile(path.join(dir, 'rss.xml'), 'utf8'),
    };
  }
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const channel = (doc: string) => (parseXml(doc).rss as Node).channel as Node;
const items = (doc: string): Node[] => {
  const i = channel(doc).item;
  return i === undefined ? [] : Array.isArray(i) ? (i as Node[]) : [i as Node];
};

describe('every profile validates', () => {
  it('RSS: no rule of test/helpers/rss.ts broken', () => {
    for (const [platform, o] of Object.entries(out)) expect(rssProblems(o.rss), platform).toEqual([]);
  });
  it.skipIf(jingMissing !== undefined)('Atom: valid under RFC 4287 (jing), extension elements included', async () => {
    const docs = Object.fromEntries(Object.entries(out).map(([p, o]) => [p, o.atom]));
    expect(await atomSchemaErrors(docs)).toEqual([]);
  });
  it('JSON Feed 1.1: valid under the schema', () => {
    for (const [platform, o] of Object.entries(out)) expect(jsonFeedErrors(o.json), platform).toEqual([]);
  });
});

describe('what each platform reads', () => {
  it('smartnews: snf namespace declared, snf:logo and snf:darkModeLogo in the channel, snf:analytics per item, ttl', () => {
    const { rss, atom } = out.smartnews!;
    expect(rss).toContain('xmlns:snf="http://www.smartnews.be/snf"');
    const ch = channel(rss);
    expect(textOf((ch['snf:logo'] as Node).url)).toBe('https://desk.example.org/brand/smartnews-logo.png');
    expect(textOf((ch['snf:darkModeLogo'] as Node).url)).toBe('https://desk.example.org/brand/smartnews-logo-dark.png');
    expect(textOf(ch.ttl)).toBe('15');
    for (const i of items(rss)) expect(textOf(i['snf:analytics'])).toBe('<script src="https://desk.example.org/stats.js" async></script>');
    const feed = parseXml(atom).feed as Node;
    expect((parseXml(rss).rss as Node)['@xmlns:snf']).toBe('http://www.smartnews.be/snf');
    expect(feed['@xmlns:snf']).toBe('http://www.smartnews.be/snf');
    expect(textOf((feed['snf:logo'] as Node).url)).toBe('https://desk.example.org/brand/smartnews-logo.png');
  });

  it('feedly: webfeeds namespace, icon, logo, cover, accentColor without "#", analytics', () => {
    const { rss, atom } = out.feedly!;
    expect((parseXml(rss).rss as Node)['@xmlns:webfeeds']).toBe('http://webfeeds.org/rss/1.0');
    expect((parseXml(atom).feed as Node)['@xmlns:webfeeds']).toBe('http://webfeeds.org/rss/1.0');
    for (const head of [channel(rss), parseXml(atom).feed as Node]) {
      expect(textOf(head['webfeeds:icon'])).toBe('https://desk.example.org/brand/icon-512.png');
      expect(textOf(head['webfeeds:logo'])).toBe('https://desk.example.org/brand/logo.svg');
      expect((head['webfeeds:cover'] as Node)['@image']).toBe('https://desk.example.org/brand/cover.jpg');
      expect(textOf(head['webfeeds:accentColor'])).toBe('1a6fb0');
      expect((head['webfeeds:analytics'] as Node)['@id']).toBe('G-TESTDESK1');
      expect((head['webfeeds:analytics'] as Node)['@engine']).toBe('GoogleAnalytics');
    }
  });

  it('google-news: RSS pubDate is the story\'s last change, so a correction reaches it; every other document keeps the publication there', () => {
    const pub = (doc: string, title: string) => textOf(items(doc).find((i) => textOf(i.title) === title)!.pubDate)!;
    const corrected = 'Port of Luleå reopens after the ice';
    expect(new Date(pub(out['google-news']!.rss, corrected)).toISOString()).toBe('2026-11-30T10:15:00.000Z');
    expect(new Date(pub(out['google-news']!.mainRss, corrected)).toISOString()).toBe('2026-11-29T07:30:00.000Z');
    // Never changed: the same time either way.
    const meets = 'Ferry crews strike on the Gulf of Bothnia';
    expect(pub(out['google-news']!.rss, meets)).toBe(pub(out['google-news']!.mainRss, meets));
    // Atom and JSON Feed carry both times as they are, for Google News as for everyone.
    const entry = ((parseXml(out['google-news']!.atom).feed as Node).entry as Node[]).find((e) => textOf(e.title) === corrected)!;
    expect([textOf(entry.published), textOf(entry.updated)]).toEqual(['2026-11-29T07:30:00Z', '2026-11-30T10:15:00Z']);
    // A reader takes the correction's time as the item's date from it.
    if (canRead) {
      const file = `google-news/${at('google-news')}/rss.xml`;
      const read = runFeedparser([file], tmp)[file]!;
      expect(read.entries.find((e) => e.title === corrected)!.published_parsed).toBe('2026-11-30T10:15:00Z');
    }
  });

  it('profiles without extensions declare none', () => {
    for (const p of ['msn', 'google-news', 'flipboard', 'apple-news'] as const) {
      expect(out[p]!.rss).not.toContain('xmlns:snf');
      expect(out[p]!.rss).not.toContain('xmlns:webfeeds');
    }
  });

  it('msn: bodies sanitized to its allowlist (no figure, no class or style), captions kept as paragraphs; the main feed keeps its figure', () => {
    const meets = items(out.msn!.rss).find((i) => textOf(i.title) === 'Ferry crews strike on the Gulf of Bothnia')!;
    const html = textOf(meets['content:encoded'])!;
    expect(html).toContain('<img src="https://desk.example.org/media/ferry-quay.jpg" alt="The quay" />');
    expect(html).toContain('<p>The quay at dawn.</p>');
    expect(html).toContain('<h5>Background</h5>');
    expect(html).not.toMatch(/<figure|<figcaption|class="wide"|style=|<h6/);
    const main = items(out.msn!.mainRss).find((i) => textOf(i.title) === 'Ferry crews strike on the Gulf of Bothnia')!;
    expect(textOf(main['content:encoded'])).toContain('<figure>');
  });

  it('msn: a killed story stays, same guid, expiry in the past, a newer modified date; no tombstone in its feed (the main feed has one)', () => {
    const { rss, atom, mainRss } = out.msn!;
    const killed = items(rss).find((i) => textOf(i.title) === 'Ferry captain named in an investigation')!;
    expect(killed).toBeDefined();
    const valid = /^end=([^;]+); scheme=W3C-DTF;$/.exec(textOf(killed['dcterms:valid'])!);
    expect(Date.parse(valid![1]!)).toBeLessThanOrEqual(Date.parse(NOW));
    expect(Date.parse(textOf(killed['dcterms:modified'])!)).toBeGreaterThan(Date.parse(textOf(killed.pubDate)!));
    expect(textOf(killed.description)).toBe('This story has been withdrawn: legal advice.');
    expect(killed['media:content']).toBeUndefined();
    expect(channel(rss)['at:deleted-entry']).toBeUndefined();
    expect(atom).not.toContain('at:deleted-entry');
    expect(atom).toMatch(/<entry><id>[^<]+<\/id><title type="text">Ferry captain named in an investigation<\/title>/);
    expect(channel(mainRss)['at:deleted-entry']).toBeDefined();
    expect(items(mainRss).map((i) => textOf(i.title))).not.toContain('Ferry captain named in an investigation');
  });
});

describe('build --strict', () => {
  it("leaves a failing item out of that partner's feed and keeps it everywhere else", async () => {
    const dir = path.join(tmp, 'strict-msn');
    await buildInto('msn', dir, true);
    const partner = await readFile(path.join(dir, at('msn'), 'rss.xml'), 'utf8');
    const main = await readFile(path.join(dir, 'rss.xml'), 'utf8');
    const titles = (doc: string) => items(doc).map((i) => textOf(i.title));
    expect(titles(partner)).toEqual(['Ferry captain named in an investigation', 'Ferry crews strike on the Gulf of Bothnia']);
    expect(titles(main)).toContain('Ferry strike');
    expect(titles(main)).toContain('Ice breakers escort the last ferries home');
    expect(titles(out.msn!.rss)).toContain('Ferry strike');
    expect(rssProblems(partner)).toEqual([]);
  });
});

describe.skipIf(!canRead)('read back by the reader matrix\'s clients (test/readers): feedparser and gofeed', () => {
  const docs = () =>
    Object.keys(PLATFORMS).flatMap((platform) => (['rss.xml', 'atom.xml', 'feed.json'] as const).map((f) => `${platform}/${at(platform as Platform)}/${f}`));
  // What each document holds, by our own reading: titles in order.
  const titlesOf = (file: string): string[] => {
    const [platform] = file.split('/') as [Platform];
    const o = out[platform]!;
    if (file.endsWith('rss.xml')) return items(o.rss).map((i) => textOf(i.title)!);
    if (file.endsWith('atom.xml')) return [...o.atom.matchAll(/<entry[^>]*>.*?<title type="text">([^<]*)<\/title>/g)].map((m) => m[1]!);
    return (JSON.parse(o.json) as { items: { title: string }[] }).items.map((i) => i.title);
  };

  // feedparser given a file's bytes reads XML only (JSON Feed needs an HTTP content type): RSS and Atom.
  it('feedparser: every RSS and Atom document well-formed, every item with its title and id', () => {
    const xml = docs().filter((f) => f.endsWith('.xml'));
    const read = runFeedparser(xml, tmp);
    for (const file of xml) {
      const r = read[file]!;
      expect(r.bozo, file).toBeFalsy();
      expect(r.entries.map((e) => e.title), file).toEqual(titlesOf(file));
      expect(r.entries.every((e) => typeof e.id === 'string' && e.id !== ''), file).toBe(true);
    }
  });

  it('gofeed: every document parsed, every item with its title and guid; the snf and webfeeds elements read as extensions', () => {
    const read = runGofeed(buildGofeedDump(path.join(tmp, 'bin')), docs(), tmp);
    for (const file of docs()) {
      const feed = read[file]!;
      expect(feed.feedType, file).toBe(file.endsWith('rss.xml') ? 'rss' : file.endsWith('atom.xml') ? 'atom' : 'json');
      expect((feed.items as Loose[]).map((i) => i.title), file).toEqual(titlesOf(file));
      expect((feed.items as Loose[]).every((i) => typeof i.guid === 'string' && i.guid !== ''), file).toBe(true);
    }
    const ext = (file: string) => (read[file] as Loose).extensions as Loose;
    for (const f of ['rss.xml', 'atom.xml']) {
      const snf = ext(`smartnews/${at('smartnews')}/${f}`).snf;
      expect(snf.logo[0].children.url[0].value).toBe('https://desk.example.org/brand/smartnews-logo.png');
      expect(snf.darkModeLogo[0].children.url[0].value).toBe('https://desk.example.org/brand/smartnews-logo-dark.png');
      const wf = ext(`feedly/${at('feedly')}/${f}`).webfeeds;
      expect(wf.accentColor[0].value).toBe('1a6fb0');
      expect(wf.cover[0].attrs.image).toBe('https://desk.example.org/brand/cover.jpg');
    }
  });
});
