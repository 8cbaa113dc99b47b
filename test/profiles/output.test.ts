// Each profile's output: built from its fixture, valid under every validator the project uses
// (RSS rules, jing for Atom, the JSON Feed schema) with the platform namespaces declared, read
// back by feedparser, and carrying what the platform reads.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
import { fixture, NOW } from './helpers.js';

const PLATFORMS = { msn: 'msn-start', 'google-news': 'google', flipboard: 'flipboard', smartnews: 'smartnews', 'apple-news': 'apple', feedly: 'feedly' } as const;
type Platform = keyof typeof PLATFORMS;

const PYTHON = '/usr/bin/python3';
const feedparserReason = !existsSync(PYTHON)
  ? `${PYTHON} is missing`
  : spawnSync(PYTHON, ['-c', 'import feedparser'], { encoding: 'utf8' }).status !== 0
    ? 'python3-feedparser is not installed'
    : undefined;
const hasFeedparser = needs('feedparser', feedparserReason);

let tmp: string;
const out: Record<string, { rss: string; atom: string; json: string; mainRss: string }> = {};

async function buildInto(platform: Platform, dir: string, strict: boolean): Promise<void> {
  const src = fixture(platform);
  const r = await build({ configFile: path.join(src, 'wirefeed.config.yaml'), itemsDir: path.join(src, 'items'), outDir: dir, now: Date.parse(NOW), strict, ping: false });
  expect(r.fatal).toBeUndefined();
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-profiles-'));
  for (const platform of Object.keys(PLATFORMS) as Platform[]) {
    const dir = path.join(tmp, platform);
    await buildInto(platform, dir, false);
    const p = path.join(dir, 'partners', PLATFORMS[platform]);
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
    const partner = await readFile(path.join(dir, 'partners/msn-start/rss.xml'), 'utf8');
    const main = await readFile(path.join(dir, 'rss.xml'), 'utf8');
    const titles = (doc: string) => items(doc).map((i) => textOf(i.title));
    expect(titles(partner)).toEqual(['Ferry captain named in an investigation', 'Ferry crews strike on the Gulf of Bothnia']);
    expect(titles(main)).toContain('Ferry strike');
    expect(titles(main)).toContain('Ice breakers escort the last ferries home');
    expect(titles(out.msn!.rss)).toContain('Ferry strike');
    expect(rssProblems(partner)).toEqual([]);
  });
});

describe.skipIf(!hasFeedparser)('read back by feedparser', () => {
  const SCRIPT = 'import feedparser, json, sys\nd = feedparser.parse(sys.stdin.read())\nprint(json.dumps({"bozo": int(d.bozo), "version": d.version, "titles": [e.get("title") for e in d.entries], "ids": [e.get("id") for e in d.entries]}))';
  const read = (doc: string) => JSON.parse(spawnSync(PYTHON, ['-c', SCRIPT], { input: doc, encoding: 'utf8' }).stdout) as { bozo: number; version: string; titles: string[]; ids: string[] };
  it('every profile, RSS and Atom: well-formed, every item with its title and id', () => {
    for (const [platform, o] of Object.entries(out)) {
      for (const [format, doc] of [['rss', o.rss], ['atom', o.atom]] as const) {
        const r = read(doc);
        expect(r.bozo, `${platform} ${format}`).toBe(0);
        expect(r.version).toBe(format === 'rss' ? 'rss20' : 'atom10');
        const expected = format === 'rss' ? items(doc).map((i) => textOf(i.title)) : [...doc.matchAll(/<title type="text">([^<]*)<\/title>/g)].slice(1).map((m) => m[1]);
        expect(r.titles, `${platform} ${format}`).toEqual(expected);
        expect(r.ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
      }
    }
  });
});
