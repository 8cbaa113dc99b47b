// Partner feeds, built from test/fixtures/partners (three partners with different policies,
// ten items covering the cases) and read back: which items and photos each partner received,
// that each credit line is right, and that the attribution matches the main feed's.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { parseDocument } from 'htmlparser2';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/build.js';
import { atomSchemaErrors, jingMissing } from '../helpers/jing.js';
import { jsonFeedErrors } from '../helpers/jsonfeed.js';
import { rssProblems } from '../helpers/rss.js';
import { parseXml } from '../helpers/xml.js';
import { dirOf, testAccess } from '../helpers/partners.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/partners');
const NOW = Date.parse('2026-11-26T12:00:00Z');
const U = (slug: string) => `https://desk.example.org/2026/11/${slug}`;

// The fixture items by the part of their URL that names them.
const TT_AP_PHOTO = U('01/tt-ap-photo');
const REUTERS = U('02/reuters');
const STAFF_UNCREDITED = U('03/staff');
const NTB_ALPHA = U('04/ntb');
const TT_NONE = U('05/tt-none');
const UNKNOWN_PARTNER = U('06/unknown-partner');
const AP_NO_RIGHTS = U('07/ap-no-rights');
const LICENSE = U('08/license');
const TT_GAMMA = U('09/tt-gamma');
const OWN_CREDIT = U('10/own-credit');

/** What each partner must receive, newest first, and which of those come with their photo. */
const EXPECTED: Record<string, { items: string[]; photos: string[]; formats: string[] }> = {
  // TT and NTB (and our own) stories; AP and Reuters photos and uncredited pictures withheld.
  alpha: {
    items: [OWN_CREDIT, TT_GAMMA, LICENSE, NTB_ALPHA, STAFF_UNCREDITED, TT_AP_PHOTO],
    photos: [NTB_ALPHA],
    formats: ['rss.xml', 'atom.xml', 'feed.json'],
  },
  // Economy only, never AP stories, summaries only, RSS and JSON only.
  beta: { items: [OWN_CREDIT, REUTERS, TT_AP_PHOTO], photos: [OWN_CREDIT, REUTERS, TT_AP_PHOTO], formats: ['rss.xml', 'feed.json'] },
  // Everything but TT; uncredited photos allowed.
  gamma: {
    items: [LICENSE, AP_NO_RIGHTS, UNKNOWN_PARTNER, STAFF_UNCREDITED, REUTERS],
    photos: [AP_NO_RIGHTS, STAFF_UNCREDITED, REUTERS],
    formats: ['rss.xml', 'atom.xml', 'feed.json'],
  },
};

type Loose = Record<string, any>;
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

let dir: string;
let result: BuildResult;
const read = (rel: string) => readFile(path.join(dir, rel), 'utf8');

interface Feed {
  rss?: Loose[];
  atom?: Loose[];
  json?: Loose[];
}
const feeds: Record<string, Feed> = {};

async function loadFeed(sub: string): Promise<Feed> {
  const f: Feed = {};
  const exists = async (p: string) => stat(path.join(dir, p)).then(() => true, () => false);
  if (await exists(`${sub}rss.xml`)) f.rss = list((parseXml(await read(`${sub}rss.xml`)) as Loose).rss.channel.item);
  if (await exists(`${sub}atom.xml`)) f.atom = list((parseXml(await read(`${sub}atom.xml`)) as Loose).feed.entry);
  if (await exists(`${sub}feed.json`)) f.json = JSON.parse(await read(`${sub}feed.json`)).items;
  return f;
}

// Every partner of the fixture config has a secret: its documents are under partners/<token>/.
const access = testAccess(['alpha', 'beta', 'gamma']);
const at = (name: string) => dirOf(access, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-partners-'));
  result = await build({
    configFile: path.join(FIX, 'wirefeed.config.yaml'),
    itemsDir: path.join(FIX, 'items'),
    outDir: dir,
    now: NOW,
    access,
  });
  feeds.main = await loadFeed('');
  for (const p of Object.keys(EXPECTED)) feeds[p] = await loadFeed(`${at(p)}/`);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const rssLink = (i: Loose) => list(i.link)[0] as string;
const atomLink = (e: Loose) => list(e.link).find((l: Loose) => l['@rel'] === 'alternate')['@href'] as string;
const textOf = (v: unknown) => (typeof v === 'string' ? v : (v as Loose)['#text']);
const creditOf = (html: string) => /<p class="credit">([^<]*)<\/p>$/.exec(html)?.[1];
const imgSrcs = (html: string) => {
  const out: string[] = [];
  const walk = (n: Loose) => {
    if (n.name === 'img') out.push(n.attribs.src);
    for (const c of n.children ?? []) walk(c);
  };
  walk(parseDocument(html) as unknown as Loose);
  return out;
};

it('builds without errors; the item naming an unknown partner is reported with its file, line and field', () => {
  expect(result.exitCode).toBe(0);
  const unknown = result.problems.filter((p) => p.message.startsWith('unknown partner'));
  expect(unknown).toEqual([
    {
      file: expect.stringMatching(/test\/fixtures\/partners\/items\/06-unknown-partner\.md$/),
      line: 11,
      field: 'syndication.partners.1',
      message: 'unknown partner "alfa" (partners: alpha, beta, gamma): no feed receives this item under that name',
      severity: 'warning',
    },
  ]);
});

describe.each(Object.entries(EXPECTED))('partner %s', (name, want) => {
  it('has exactly its formats and its own OPML under out/partners/<token>/', async () => {
    const files = (await import('node:fs/promises')).readdir(path.join(dir, at(name)));
    expect((await files).sort()).toEqual([...want.formats, 'feeds.opml'].sort());
  });

  it('receives exactly the cleared items, newest first, in every format', () => {
    const f = feeds[name]!;
    expect(f.rss!.map(rssLink)).toEqual(want.items);
    if (f.atom) expect(f.atom.map(atomLink)).toEqual(want.items);
    expect(f.json!.map((j) => j.url)).toEqual(want.items);
  });

  it('gets a photo only where it is cleared: media:content, enclosure, JSON image and attachment', () => {
    const f = feeds[name]!;
    for (const i of f.rss!) {
      const cleared = want.photos.includes(rssLink(i));
      expect(list(i['media:content']).length, `${rssLink(i)} media:content`).toBe(cleared ? 1 : 0);
      expect(list(i.enclosure).length, `${rssLink(i)} enclosure`).toBe(cleared ? 1 : 0);
    }
    for (const e of f.atom ?? []) {
      const cleared = want.photos.includes(atomLink(e));
      expect(list(e['media:content']).length).toBe(cleared ? 1 : 0);
      expect(list(e.link).filter((l: Loose) => l['@rel'] === 'enclosure').length).toBe(cleared ? 1 : 0);
    }
    for (const j of f.json!) {
      const cleared = want.photos.includes(j.url);
      expect(j.image !== undefined, `${j.url} image`).toBe(cleared);
      expect(j.attachments !== undefined).toBe(cleared);
      expect(j._attribution.image !== undefined).toBe(cleared);
    }
  });

  it('carries the attribution exactly as the main feed does, the photo credit only with the photo', () => {
    const main = feeds.main!;
    for (const i of feeds[name]!.rss!) {
      const m = main.rss!.find((x) => rssLink(x) === rssLink(i))!;
      // The canonical URL of our version, for the partner to link back to.
      expect(i.guid).toEqual(m.guid);
      expect(i.link).toEqual(m.link);
      expect(textOf(i.guid)).toBe(rssLink(i));
      for (const field of ['dc:creator', 'dc:contributor', 'dc:rights', 'creativeCommons:license', 'source', 'dc:source'])
        expect(i[field], `${rssLink(i)} ${field}`).toEqual(m[field]);
      const credit = creditOf(textOf(i['content:encoded']))!;
      const mainCredit = creditOf(textOf(m['content:encoded']))!;
      if (want.photos.includes(rssLink(i)) || !list(m['media:content']).length) expect(credit).toBe(mainCredit);
      else expect(credit).toBe(mainCredit.replace(/\s*Photo: [^.]*$/, ''));
    }
    for (const j of feeds[name]!.json!) {
      const m = main.json!.find((x) => x.url === j.url)!;
      const { image: _i, credit: c, ...attribution } = j._attribution;
      const { image: _m, credit: mc, ...mainAttribution } = m._attribution;
      expect(attribution).toEqual(mainAttribution);
      expect(j._attribution.canonical_url).toBe(j.url);
      expect(creditOf(j.content_html)).toBe(c.replace(/&/g, '&amp;'));
      if (want.photos.includes(j.url)) expect(c).toBe(mc);
      expect(j.authors).toEqual(m.authors);
    }
  });

  it('has no <img> of a withheld photo in any body', () => {
    const f = feeds[name]!;
    const withheld = f.json!.filter((j) => !want.photos.includes(j.url));
    const mainImages = new Map(feeds.main!.json!.map((j) => [j.url, j.image as string | undefined]));
    for (const j of withheld) {
      const photo = mainImages.get(j.url);
      if (!photo) continue;
      expect(imgSrcs(j.content_html)).not.toContain(photo);
      const r = f.rss!.find((x) => rssLink(x) === j.url)!;
      expect(imgSrcs(textOf(r['content:encoded']))).not.toContain(photo);
    }
  });
});

describe('partner feeds are valid feeds', () => {
  it('RSS: the validator rules; JSON Feed: the 1.1 schema', async () => {
    for (const name of Object.keys(EXPECTED)) {
      // Fixture 08's license is "CC BY 4.0", not a URL, on purpose (the lint's case): it must
      // travel as rights text, never as an invalid creativeCommons:license.
      const problems = rssProblems(await read(`${at(name)}/rss.xml`));
      expect(problems, name).toEqual([]);
      expect(jsonFeedErrors(await read(`${at(name)}/feed.json`)), name).toEqual([]);
    }
  });
  it.skipIf(jingMissing)('Atom: RFC 4287 RELAX NG and its embedded rules (jing)', async () => {
    const docs: Record<string, string> = {};
    for (const [name, want] of Object.entries(EXPECTED)) if (want.formats.includes('atom.xml')) docs[name] = await read(`${at(name)}/atom.xml`);
    expect(await atomSchemaErrors(docs)).toEqual([]);
  });
});

describe('rights applied, case by case', () => {
  const alpha = () => feeds.alpha!.json!;
  const byUrl = (items: Loose[], url: string) => items.find((j) => j.url === url)!;

  it('a TT story with an AP/TT photo: the story goes, the photo, its figure and caption do not, nor the uncredited chart', () => {
    const j = byUrl(alpha(), TT_AP_PHOTO);
    expect(imgSrcs(j.content_html)).toEqual([]);
    expect(j.content_html).not.toContain('figcaption');
    expect(j.content_html).toContain("The story's first paragraph.");
    expect(creditOf(j.content_html)).toBe('By TT News Agency. English edition by Sweden Herald.');
    // The main feed keeps both pictures and the full credit.
    const m = byUrl(feeds.main!.json!, TT_AP_PHOTO);
    expect(imgSrcs(m.content_html)).toEqual(['https://desk.example.org/media/odesa.jpg', 'https://desk.example.org/media/grain-chart.png']);
    expect(creditOf(m.content_html)).toBe('By TT News Agency. English edition by Sweden Herald. Photo: Markus Schreiber/AP/TT');
  });

  it("an item's own credit line loses its photo sentence when the photo is withheld (\"AP Photo\" names AP)", () => {
    expect(creditOf(byUrl(alpha(), OWN_CREDIT).content_html)).toBe('Reporting by TT News Agency in Stockholm and NTB in Oslo.');
    expect(creditOf(byUrl(feeds.beta!.json!, OWN_CREDIT).content_html)).toBe(
      'Reporting by TT News Agency in Stockholm and NTB in Oslo. Photo: Evan Vucci/AP Photo',
    );
  });

  it('a summary-only partner gets the summary and the credit line, never the body', () => {
    const j = byUrl(feeds.beta!.json!, TT_AP_PHOTO);
    expect(j.content_html).toBe(
      '<p>A TT story whose photo is an AP picture distributed by TT.</p>\n<p class="credit">By TT News Agency. English edition by Sweden Herald. Photo: Markus Schreiber/AP/TT</p>',
    );
  });

  it('syndication.partners: none keeps a story from every partner; a list keeps it to those named', () => {
    for (const p of ['alpha', 'beta', 'gamma']) expect(feeds[p]!.json!.map((j) => j.url)).not.toContain(TT_NONE);
    expect(feeds.main!.json!.map((j) => j.url)).toContain(TT_NONE);
    expect(feeds.gamma!.json!.map((j) => j.url)).not.toContain(NTB_ALPHA);
  });
});

describe('readers see what they should (feedsmith and rss-parser, independent of our XML parsing)', () => {
  const rp = new Parser({ customFields: { item: [['dc:creator', 'creators', { keepArray: true }], ['media:content', 'media', { keepArray: true }]] } });

  it('main feed: byline, photo with its credit, and the credit line, in RSS, Atom and JSON Feed', async () => {
    const rss = parseRssFeed(await read('rss.xml')) as Loose;
    const atom = parseAtomFeed(await read('atom.xml')) as Loose;
    const json = parseJsonFeed(JSON.parse(await read('feed.json'))) as Loose;
    const r = rss.items.find((i: Loose) => i.link === TT_AP_PHOTO);
    expect(r.dc.creators).toEqual(['TT News Agency']);
    expect(r.media.contents[0].url).toBe('https://desk.example.org/media/odesa.jpg');
    expect(r.media.contents[0].credits[0].value).toBe('Markus Schreiber/AP/TT');
    expect(r.enclosures[0].url).toBe('https://desk.example.org/media/odesa.jpg');
    expect(r.content.encoded).toMatch(/<p class="credit">By TT News Agency\. English edition by Sweden Herald\. Photo: Markus Schreiber\/AP\/TT<\/p>$/);
    const e = atom.entries.find((x: Loose) => x.links.some((l: Loose) => l.href === TT_AP_PHOTO));
    expect(e.authors.map((a: Loose) => a.name)).toEqual(['TT News Agency']);
    expect(e.media.contents[0].credits[0].value).toBe('Markus Schreiber/AP/TT');
    expect(e.links.find((l: Loose) => l.rel === 'enclosure').href).toBe('https://desk.example.org/media/odesa.jpg');
    const j = json.items.find((x: Loose) => x.url === TT_AP_PHOTO);
    expect(j.authors).toEqual([{ name: 'TT News Agency' }]);
    expect(j.image).toBe('https://desk.example.org/media/odesa.jpg');

    const p = (await rp.parseString(await read('rss.xml'))) as Loose;
    const q = p.items.find((i: Loose) => i.link === TT_AP_PHOTO);
    expect(q.creators).toEqual(['TT News Agency']);
    expect(q.enclosure.url).toBe('https://desk.example.org/media/odesa.jpg');
    expect(q.media).toHaveLength(1);
  });

  it('partner items without a cleared photo show none; the rest show theirs', async () => {
    for (const [name, want] of Object.entries(EXPECTED)) {
      const rss = parseRssFeed(await read(`${at(name)}/rss.xml`)) as Loose;
      for (const i of rss.items) {
        const shown = [...(i.media?.contents ?? []), ...(i.enclosures ?? [])].length > 0;
        expect(shown, `${name} ${i.link}`).toBe(want.photos.includes(i.link));
        expect(i.dc.creators.length).toBeGreaterThan(0);
      }
      const p = (await rp.parseString(await read(`${at(name)}/rss.xml`))) as Loose;
      for (const i of p.items) expect(i.enclosure !== undefined || (i.media ?? []).length > 0).toBe(want.photos.includes(i.link));
      if (want.formats.includes('atom.xml')) {
        const atom = parseAtomFeed(await read(`${at(name)}/atom.xml`)) as Loose;
        for (const e of atom.entries) {
          const link = e.links.find((l: Loose) => l.rel === 'alternate').href;
          const shown = (e.media?.contents ?? []).length + e.links.filter((l: Loose) => l.rel === 'enclosure').length > 0;
          expect(shown, `${name} ${link}`).toBe(want.photos.includes(link));
        }
      }
      const json = parseJsonFeed(JSON.parse(await read(`${at(name)}/feed.json`))) as Loose;
      for (const j of json.items) expect(j.image !== undefined || j.attachments !== undefined).toBe(want.photos.includes(j.url));
    }
  });
});
