// ninjs for partners (src/render/ninjs.ts), read back from what the renderer and the build
// write: every document valid against the IPTC schema of its version (Superdesk's dialect and
// the index against ours), the same items and attribution as the partner's JSON Feed, paging
// that finds every item once, and arbitrary items that keep all three versions valid.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { build, renderSite } from '../../src/build.js';
import { catalog } from '../../src/catalog.js';
import { parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { loadItems } from '../../src/items/load.js';
import { parseItem } from '../../src/items/parse.js';
import { toEntry } from '../../src/render/entry.js';
import { ninjsFileName, ninjsUri, renderNinjs, rightsParts } from '../../src/render/ninjs.js';
import { selectPartners } from '../../src/select/partners.js';
import { dirOf, testAccess } from '../helpers/partners.js';
import type { FeedView, Item, NinjsVersion, RenderedFeed } from '../../src/types.js';
import { ninjsErrors, ninjsIndexErrors, validateNinjs16 } from '../helpers/ninjs.js';
import { ITEMS_DIR, NOW, REPO, repoConfig, sampleItems } from '../helpers/site.js';

type Loose = Record<string, any>;
const VERSIONS: NinjsVersion[] = ['2.2', '1.6', 'superdesk'];
const FIX = path.join(REPO, 'test/fixtures/partners');
const SCHEMAS = path.join(REPO, 'test/schemas/ninjs');

function fixtureConfig(): Config {
  const file = path.join(FIX, 'wirefeed.config.yaml');
  const r = parseConfig(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

async function fixtureItems(config: Config): Promise<Item[]> {
  const { items } = await loadItems(path.join(FIX, 'items'), { author: config.site.default_author });
  return items;
}

/** Every partner takes ninjs of `version` beside its feeds (JSON Feed among them, for comparing). */
function withNinjs(config: Config, version: NinjsVersion, over: Partial<Config> = {}): Config {
  return {
    ...config,
    ...over,
    partners: config.partners.map((p) => {
      const feeds = (p.formats ?? config.feed.formats).filter((f) => f !== 'ninjs');
      return { ...p, formats: [...new Set([...feeds, 'json' as const]), 'ninjs' as const], ninjs_version: version };
    }),
  };
}

interface Site {
  config: Config;
  views: FeedView[];
  files: Map<string, string>;
}

/** partners/<token> of a partner, under the test secrets every partner gets here. */
const pdir = (name: string) => dirOf(testAccess([name]), name);

function render(items: readonly Item[], config: Config): Site {
  const { views, rendered } = renderSite(catalog(items, NOW), config, undefined, undefined, undefined, testAccess(config));
  return { config, views, files: new Map(rendered.map((f) => [f.path, f.body])) };
}

/** A document's path under out/ from its public URL. */
const pathOf = (config: Config, url: string) => {
  const base = config.site.feeds_base.endsWith('/') ? config.site.feeds_base : `${config.site.feeds_base}/`;
  expect(url.startsWith(base)).toBe(true);
  return url.slice(base.length);
};

const ninjsFiles = (s: Site) => [...s.files].filter(([p]) => /\/ninjs\//.test(p));
const partnerViews = (s: Site) => s.views.filter((v) => v.ninjs);

/** An IPTC ninjs body/description/headline, whichever version: the flat key or the 2.x array's first value. */
const field = (doc: Loose, flat: string, array: string) => (doc[array] ? doc[array][0]?.value : doc[flat]);
const toSeconds = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const sentences = (s: string | undefined) => (s ? s.split(/(?<=[.!?])\s+/).filter(Boolean) : []);

describe('the schemas the tests use', () => {
  it('accept the IPTC examples, and refuse what the IPTC schemas refuse', () => {
    for (const [file, version] of [
      ['example-2.2-complex-text-article.json', '2.2'],
      ['example-1.6-complex-text-article.json', '1.6'],
    ] as const) {
      expect(ninjsErrors(readFileSync(path.join(SCHEMAS, file), 'utf8'), version)).toEqual([]);
    }
    const minimal = { uri: 'https://news.example.org/x', versioncreated: '2026-11-01T10:00:00Z' };
    expect(ninjsErrors(JSON.stringify(minimal), '1.6')).toEqual([]);
    for (const extra of ['guid', 'authors', 'source']) expect(ninjsErrors(JSON.stringify({ ...minimal, [extra]: 'x' }), '1.6')).not.toEqual([]);
    expect(ninjsErrors(JSON.stringify({ ...minimal, headline: 'x' }), '2.2')).not.toEqual([]);
    expect(ninjsErrors(JSON.stringify({ ...minimal, versioncreated: 'yesterday' }), '2.2')).not.toEqual([]);
    // GeoJSON, through the 2.2 schema's reference to it.
    const place = (geojson: unknown) => JSON.stringify({ ...minimal, places: [{ name: 'Oslo', geojson }] });
    expect(ninjsErrors(place({ type: 'Point', coordinates: [10.75, 59.91] }), '2.2')).toEqual([]);
    expect(ninjsErrors(place({ type: 'Point', coordinates: 'Oslo' }), '2.2')).not.toEqual([]);
  });
});

describe.each(VERSIONS)('ninjs %s', (version) => {
  const fixtures = async () => {
    const config = withNinjs(fixtureConfig(), version);
    return render(await fixtureItems(config), config);
  };

  it('every item document and index of every partner validates', async () => {
    const base = repoConfig();
    const sites = [
      await fixtures(),
      render(await sampleItems(), withNinjs(base, version)),
      // Archives on, a small limit: index pages with prev-archive and next-archive links.
      render(await sampleItems(), withNinjs({ ...base, partners: base.partners.map((p) => ({ ...p, limit: 2 })) }, version)),
    ];
    let docs = 0;
    for (const s of sites) {
      const files = ninjsFiles(s);
      expect(files.length).toBeGreaterThan(0);
      for (const [p, body] of files) {
        const errs = p.includes('/ninjs/index.json') || p.includes('/ninjs/archive/') ? ninjsIndexErrors(body) : ninjsErrors(body, version);
        expect(errs, `${p}\n${body}`).toEqual([]);
        docs++;
      }
    }
    expect(docs).toBeGreaterThan(40);
  });

  it("gives each partner the items of its JSON Feed, with the same attribution, a withheld photo absent", async () => {
    const flat = version !== '2.2';
    let sources = 0;
    // The fixtures cover the policies; the samples, sources and an id that is a urn:uuid.
    const sites = [await fixtures(), render(await sampleItems(), withNinjs(repoConfig(), version))];
    for (const [s, view] of sites.flatMap((site) => partnerViews(site).map((v) => [site, v] as const))) {
      const feed = JSON.parse(s.files.get(`${view.dir}/feed.json`)!) as Loose;
      const index = JSON.parse(s.files.get(view.ninjs!.index)!) as Loose;
      expect(index.items.map((i: Loose) => i.uri).sort()).toEqual(view.items.map((i) => ninjsUri(toEntry(i, view, { sanitize: true, allowDataImages: false }))).sort());
      expect(index.items.length).toBe(feed.items.length);
      for (const j of feed.items as Loose[]) {
        const entry = index.items.find((i: Loose) => i.url.endsWith(`/${ninjsFileName(j.id)}`));
        expect(entry, j.id).toBeDefined();
        const doc = JSON.parse(s.files.get(pathOf(s.config, entry.url))!) as Loose;
        const a = j._attribution;
        expect(doc.uri).toBe(j.id); // the fixtures' ids are URLs
        expect(entry.uri).toBe(doc.uri);
        expect([entry.version, entry.versioncreated, entry.pubstatus]).toEqual([doc.version, doc.versioncreated, doc.pubstatus]);
        expect(field(doc, 'headline', 'headlines')).toBe(j.title);
        expect(field(doc, 'description_text', 'descriptions')).toBe(j.summary);
        expect(field(doc, 'body_html', 'bodies')).toBe(j.content_html);
        expect(doc[flat ? 'byline' : 'by']).toBe(a.credit);
        expect(doc.firstcreated).toBe(toSeconds(j.date_published));
        expect(doc.versioncreated).toBe(toSeconds(j.date_modified));
        expect(doc.language).toBe(j.language ?? s.config.site.language);

        const parties = (doc[flat ? 'infosource' : 'infosources'] ?? []) as Loose[];
        const role = (p: Loose) => (flat ? p.rel : p.role);
        expect(parties.filter((p) => role(p) === 'author').map((p) => p.name)).toEqual(a.authors.map((x: Loose) => x.name));
        const contributors = (a.contributors ?? []).map((c: Loose) => ({ name: c.name, role: c.role }));
        expect(parties.filter((p) => !['author', 'source'].includes(role(p))).map((p) => ({ name: p.name, role: role(p) }))).toEqual(contributors);
        expect(parties.filter((p) => role(p) === 'source').map((p) => p.name)).toEqual(a.source ? [a.source.name] : []);
        if (a.source) sources++;
        if (version === 'superdesk') {
          expect(doc.authors).toEqual([...a.authors.map((x: Loose) => ({ name: x.name, role: 'writer' })), ...contributors]);
          expect(doc.source).toBe(a.source?.name);
        }
        const tags = (doc[flat ? 'subject' : 'subjects'] ?? []) as Loose[];
        expect(tags.map((t) => t.name)).toEqual(j.tags ?? []);

        // The rights statement, split into notice and terms: every sentence of it, nothing else.
        const terms = sentences(doc.usageterms).filter((t) => !t.startsWith('License: http'));
        expect([...sentences(doc.copyrightnotice), ...terms].sort()).toEqual(sentences(a.rights).sort());
        expect(doc.rightsinfo?.linkedrights).toBe(a.license);

        const pic = (flat ? doc.associations?.featuremedia : doc.associations?.[0]) as Loose | undefined;
        expect(pic?.uri).toBe(a.image?.url);
        if (pic) {
          expect(pic.type).toBe('picture');
          expect(pic[flat ? 'byline' : 'by']).toBe(a.image.credit);
          expect(flat ? pic.description_text : pic.descriptions?.[0]?.value).toBe(a.image.caption);
          expect(sentences(pic.copyrightnotice).concat(sentences(pic.usageterms)).sort()).toEqual(sentences(a.image.rights).sort());
          const r = flat ? pic.renditions.original : pic.renditions[0];
          expect(r.href).toBe(a.image.url);
          const item = view.items.find((i) => i.id === j.id)!;
          expect([r.width, r.height]).toEqual([item.image!.width, item.image!.height]);
        }
      }
    }
    expect(sources).toBeGreaterThan(0);
  });

  it('withholds exactly the photos the feeds withhold (alpha: AP, Reuters and uncredited photos)', async () => {
    const s = await fixtures();
    const alpha = partnerViews(s).find((v) => v.dir === pdir('alpha'))!;
    const withPhoto: string[] = [];
    for (const item of alpha.items) {
      const doc = JSON.parse(s.files.get(`${alpha.ninjs!.items.dir}/${ninjsFileName(item.id)}`)!) as Loose;
      const text = JSON.stringify(doc);
      if (doc.associations) withPhoto.push(item.id);
      else if (item.image) {
        // Gone everywhere in the document: its URL, and its credit from the credit line.
        expect(text).not.toContain(item.image.url);
        if (item.image.credit) expect(text).not.toContain(item.image.credit);
      }
    }
    expect(withPhoto).toEqual(['https://desk.example.org/2026/11/04/ntb']);
  });

  it('pages like the feeds: from the index back through prev-archive, every item once', async () => {
    const base = repoConfig();
    const config = withNinjs({ ...base, partners: base.partners.map((p) => ({ ...p, limit: 2 })) }, version);
    const s = render(await sampleItems(), config);
    for (const name of config.partners.map((p) => p.name)) {
      const views = partnerViews(s).filter((v) => v.dir === pdir(name) || v.dir.startsWith(`${pdir(name)}/`));
      const seen: string[] = [];
      let url: string | undefined = (JSON.parse(s.files.get(`${pdir(name)}/ninjs/index.json`)!) as Loose).links.self;
      let newer: string | undefined;
      let pages = 0;
      while (url) {
        const page = JSON.parse(s.files.get(pathOf(config, url))!) as Loose;
        expect(page.links.self).toBe(url);
        expect(page.links['next-archive']).toBe(newer);
        if (pages > 0) {
          expect(page.archive).toBe(true);
          expect(page.links.current).toBe(`${config.site.feeds_base}${pdir(name)}/ninjs/index.json`);
        }
        const times = page.items.map((i: Loose) => i.versioncreated);
        expect(times).toEqual([...times].sort().reverse());
        for (const i of page.items as Loose[]) {
          expect(s.files.has(pathOf(config, i.url))).toBe(true);
          seen.push(i.uri);
        }
        newer = pages === 0 ? undefined : url;
        url = page.links['prev-archive'];
        pages++;
      }
      const all = views.flatMap((v) => v.items.map((i) => ninjsUri(toEntry(i, v, { sanitize: true, allowDataImages: false }))));
      expect(pages).toBe(views.length);
      expect(seen.sort()).toEqual([...new Set(all)].sort());
      expect(seen.length).toBe(all.length);
    }
  });
});

describe('a partner that takes ninjs alone', () => {
  it("gets its ninjs and no feed or OPML; the public files leave it out, the newsroom's page lists its index", async () => {
    const base = repoConfig();
    const config: Config = { ...base, partners: [{ ...base.partners[0]!, formats: ['ninjs'], ninjs_version: '1.6' }] };
    const s = render(await sampleItems(), config);
    const mine = [...s.files.keys()].filter((p) => p.startsWith(`${pdir('nordpress')}/`));
    expect(mine.length).toBeGreaterThan(2);
    expect(mine.every((p) => p.startsWith(`${pdir('nordpress')}/ninjs/`))).toBe(true);
    expect(s.files.get('feeds.opml')).not.toContain('partners/');
    expect(s.files.get('index.html')).not.toContain('partners/');
    const page = s.files.get(`partners/${testAccess([]).newsroom}/index.html`)!;
    expect(page).toContain(`href="../../${pdir('nordpress')}/ninjs/index.json"`);
    expect(page).toContain('>ninjs 1.6</a>');
  });
});

describe("Superdesk's dialect", () => {
  it('is the 1.6 document plus guid, authors and source, less the text renditions; times without fractions', async () => {
    const c16 = withNinjs(fixtureConfig(), '1.6');
    const csd = withNinjs(fixtureConfig(), 'superdesk');
    const items = await fixtureItems(c16);
    const [a, b] = [render(items, c16), render(items, csd)];
    let compared = 0;
    for (const [p, body] of ninjsFiles(a)) {
      if (p.includes('/ninjs/index.json')) continue;
      const one6 = JSON.parse(body) as Loose;
      const sd = JSON.parse(b.files.get(p)!) as Loose;
      const { guid, authors, source, ...rest } = sd;
      expect(guid).toBe(sd.uri);
      expect(authors.length).toBeGreaterThan(0);
      if (rest.associations) {
        expect(rest.associations.featuremedia.guid).toBe(rest.associations.featuremedia.uri);
        delete rest.associations.featuremedia.guid;
      }
      // What remains is a valid 1.6 document: the 1.6 one without its text renditions.
      expect(validateNinjs16(rest), JSON.stringify(validateNinjs16.errors)).toBe(true);
      const { renditions, ...without } = one6;
      expect(renditions.web.href).toBeDefined();
      expect(rest).toEqual(without);
      expect(source === undefined || typeof source === 'string').toBe(true);
      for (const m of body.matchAll(/"(\d{4}-[^"]*)"/g)) expect(m[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });
});

describe('version and pubstatus', () => {
  const config = withNinjs(repoConfig(), '2.2');
  const base = {
    title: 'A story',
    url: 'https://news.example.org/2026/11/01/story',
    published: '2026-11-01T10:00:00.250+01:00',
    authors: [{ name: 'Nordic Wire Desk' }],
  };
  const item = (over: Loose) => {
    const r = parseItem(JSON.stringify({ ...base, ...over }), 'x.json', {});
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.item;
  };
  const docsOf = (items: Item[], lifeOf?: Parameters<typeof renderNinjs>[2]) => {
    const view = selectPartners(catalog(items, NOW), config, testAccess(config)).find((v) => v.dir === pdir('nordpress'))!;
    const out: RenderedFeed[] = renderNinjs(view, view.items.map((i) => toEntry(i, view, { sanitize: true, allowDataImages: false })), lifeOf);
    return { index: JSON.parse(out[0]!.body) as Loose, doc: JSON.parse(out[1]!.body) as Loose, out };
  };

  it('version 1 as first published, 2 once `updated` is later; times in whole seconds', () => {
    const first = docsOf([item({})]);
    expect([first.doc.version, first.doc.firstcreated, first.doc.versioncreated]).toEqual(['1', '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z']);
    const corrected = docsOf([item({ updated: '2026-11-02T08:30:00.999Z' })]);
    expect([corrected.doc.version, corrected.doc.versioncreated]).toEqual(['2', '2026-11-02T08:30:00Z']);
    expect([corrected.index.items[0].version, corrected.index.items[0].versioncreated]).toEqual(['2', '2026-11-02T08:30:00Z']);
  });

  it('takes kills and counted corrections from the caller: canceled, version 3', () => {
    const { index, doc, out } = docsOf([item({})], () => ({ version: 3, pubstatus: 'canceled' }));
    expect([doc.pubstatus, doc.version]).toEqual(['canceled', '3']);
    expect([index.items[0].pubstatus, index.items[0].version]).toEqual(['canceled', '3']);
    expect(ninjsErrors(out[1]!.body, '2.2')).toEqual([]);
    expect(ninjsIndexErrors(out[0]!.body)).toEqual([]);
  });

  describe.each(VERSIONS)('a kill, in %s', (version) => {
    const cfg = withNinjs(repoConfig(), version);
    const killed = () => item({ withdrawn: { at: '2026-11-20T12:00:00Z', reason: 'Legal: the named person was misidentified' } });
    const siteAt = (now: number) => {
      const { rendered, views } = renderSite(catalog([killed(), item({ url: 'https://news.example.org/2026/11/01/other', title: 'Other' })], now), cfg, undefined, undefined, undefined, testAccess(cfg));
      const view = views.find((v) => v.dir === pdir('nordpress') && v.ninjs)!;
      const files = new Map(rendered.map((f) => [f.path, f.body]));
      return { view, files, index: JSON.parse(files.get(view.ninjs!.index)!) as Loose };
    };

    it("within the window: the story's document says canceled, one version more, nothing of its content; the index lists it", () => {
      const { view, files, index } = siteAt(Date.parse('2026-11-21T00:00:00Z'));
      const path = `${view.ninjs!.items.dir}/${ninjsFileName(base.url)}`;
      const body = files.get(path)!;
      expect(body).toBeDefined();
      const doc = JSON.parse(body) as Loose;
      expect([doc.pubstatus, doc.version, doc.versioncreated, doc.firstcreated]).toEqual(['canceled', '2', '2026-11-20T12:00:00Z', '2026-11-01T09:00:00Z']);
      expect(doc.uri).toBe(base.url);
      expect(body).not.toContain('A story');
      expect(JSON.stringify(doc)).toContain('misidentified');
      for (const key of ['headline', 'headlines', 'body_html', 'bodies', 'by', 'byline', 'associations']) expect(doc[key]).toBeUndefined();
      expect(version === 'superdesk' ? [] : ninjsErrors(body, version)).toEqual([]);
      expect(ninjsIndexErrors(files.get(view.ninjs!.index)!)).toEqual([]);
      const row = (index.items as Loose[]).find((r) => r.uri === base.url)!;
      expect([row.pubstatus, row.version, row.versioncreated]).toEqual(['canceled', '2', '2026-11-20T12:00:00Z']);
      expect((index.items as Loose[])[0]?.uri).toBe(base.url); // the newest change comes first
    });

    it('a kill of a story on an archive page: one file, written once, listed by both index pages', () => {
      const others = Array.from({ length: 8 }, (_, i) =>
        item({ url: `https://news.example.org/2026/11/0${i + 2}/later-${i}`, title: `Later ${i}`, published: `2026-11-0${i + 2}T10:00:00Z` }),
      );
      const limited = { ...cfg, partners: cfg.partners.map((p) => ({ ...p, limit: 5 })) };
      const { rendered, views } = renderSite(catalog([killed(), ...others], Date.parse('2026-11-21T00:00:00Z')), limited, undefined, undefined, undefined, testAccess(limited));
      const paths = rendered.map((f) => f.path);
      expect(paths.length).toBe(new Set(paths).size);
      const file = ninjsFileName(base.url);
      const nordpress = views.filter((v) => v.ninjs && v.dir.startsWith(pdir('nordpress')) && (v.tombstones ?? []).some((t) => t.id === base.url));
      expect(nordpress.map((v) => Boolean(v.archive)).sort()).toEqual([false, true]);
      expect(paths.filter((p) => p === `${nordpress[0]!.ninjs!.items.dir}/${file}`)).toHaveLength(1);
      const mine = nordpress;
      for (const v of mine) {
        const rows = JSON.parse(rendered.find((f) => f.path === v.ninjs!.index)!.body).items as Loose[];
        expect(rows.find((r) => r.uri === base.url)?.pubstatus).toBe('canceled');
      }
    });

    it('after the window: neither document nor index row', () => {
      const { view, files, index } = siteAt(Date.parse('2026-12-31T00:00:00Z'));
      expect(files.has(`${view.ninjs!.items.dir}/${ninjsFileName(base.url)}`)).toBe(false);
      expect((index.items as Loose[]).map((r) => r.uri)).not.toContain(base.url);
    });
  });

  it('carries embargo and expiry from syndication', () => {
    const { doc } = docsOf([item({ syndication: { partners: 'all', embargo: '2026-11-01T09:30:00Z', expires: '2026-12-31T23:00:00+01:00' } })]);
    expect([doc.embargoed, doc.expires]).toEqual(['2026-11-01T09:30:00Z', '2026-12-31T22:00:00Z']);
  });

  it('an id that is not a URI: the uri is a tag: URI, the id kept as an altid', () => {
    const { doc, index } = docsOf([item({ id: 'TT story 17/ä' })]);
    expect(doc.uri).toBe('tag:news.example.org,2026-11-01:TT%20story%2017%2F%C3%A4');
    expect(doc.altids).toEqual([{ role: 'id', value: 'TT story 17/ä' }]);
    expect(index.items[0].url).toMatch(/\/ninjs\/a-[0-9a-f]{12}\.json$/);
  });
});

describe("the photo's alt text and renditions", () => {
  const image = {
    url: 'https://news.example.org/media/2026/11/port.jpg',
    credit: 'Björn Lindqvist/TT',
    caption: 'Idle cranes in Göteborg.',
    alt: 'Four container cranes above an empty quay.',
    width: 1600,
    height: 900,
    renditions: [{ url: 'https://news.example.org/media/2026/11/port-800.jpg', width: 800, height: 450 }],
  };
  const json = { title: 'A story', url: 'https://news.example.org/2026/11/01/story', published: '2026-11-01T10:00:00Z', authors: [{ name: 'TT News Agency' }], image };
  const parsed = parseItem(JSON.stringify(json), 'x.json', {});
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));

  it.each(VERSIONS)('ninjs %s: the alt text, and one rendition per size; valid', (version) => {
    const config = withNinjs(repoConfig(), version);
    const view = selectPartners(catalog([parsed.item], NOW), config, testAccess(config)).find((v) => v.dir === pdir('nordpress'))!;
    const out = renderNinjs(view, view.items.map((i) => toEntry(i, view, { sanitize: true, allowDataImages: false })));
    const body = out[1]!.body;
    expect(ninjsErrors(body, version)).toEqual([]);
    const doc = JSON.parse(body) as Loose;
    if (version === '2.2') {
      const pic = doc.associations[0];
      expect(pic.descriptions).toContainEqual({ role: 'alt', contenttype: 'text/plain', value: image.alt });
      expect(pic.renditions.map((r: Loose) => [r.name, r.href, r.width, r.height])).toEqual([
        ['original', image.url, 1600, 900],
        ['800x450', image.renditions[0]!.url, 800, 450],
      ]);
    } else {
      const pic = doc.associations.featuremedia;
      expect(pic.body_text).toBe(image.alt);
      // Superdesk's dialect names the original only.
      expect(Object.entries(pic.renditions).map(([k, r]) => [k, (r as Loose).href])).toEqual([
        ['original', image.url],
        ...(version === 'superdesk' ? [] : [['800x450', image.renditions[0]!.url]]),
      ]);
    }
  });
});

describe('the rights split', () => {
  it('notice: the sentences that claim copyright; terms: the rest and the license link; holder: who the claims name', () => {
    expect(rightsParts('© 2026 TT News Agency. English edition © 2026 Sweden Herald. Used under licence.', 'https://x.example/l')).toEqual({
      holder: 'TT News Agency and Sweden Herald',
      notice: '© 2026 TT News Agency. English edition © 2026 Sweden Herald.',
      terms: 'Used under licence. License: https://x.example/l',
    });
    expect(rightsParts('Text and photo by Nordic Wire Desk, licensed CC BY 4.0.')).toEqual({ notice: 'Text and photo by Nordic Wire Desk, licensed CC BY 4.0.' });
    expect(rightsParts('Copyright 2013 The News Agency, www.tna.org - all rights reserved.').holder).toBe('The News Agency');
    expect(rightsParts(undefined)).toEqual({});
  });
});

// Arbitrary text in every field, arbitrary ids and URLs, times with fractions and offsets:
// every version stays valid (the items go through parseItem, as a JSON item file would).
const nasty = fc.constantFrom('<', '>', '&', '"', '\\', '\u0000', '\u0001', '\u007F', '\uD800', '\uDC00', '\uFFFE', '\r\n', '\t', ' ', '\u00A0', '\u2028', '😀', 'Ö', 'ش', '©', '.', '#', '%', '%41', '/', ':', '[', ']', '|', '^', '`', '{', 'a', '1');
const text = fc.oneof(fc.string({ unit: nasty, maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));
const required = text.map((s) => `x${s}y`);
const time = fc
  .record({ ms: fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2026-11-25T00:00:00Z') }), offset: fc.constantFrom('Z', '+01:00', '-05:30', '+14:00') })
  .map(({ ms, offset }) => {
    const iso = new Date(ms).toISOString();
    return offset === 'Z' ? iso : iso.replace('Z', '') + offset; // a different instant: any will do
  });
const url = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), text.map((t) => `https://news.example.org/a/${encodeURIComponent(t.replace(/[\uD800-\uDFFF]/g, ''))}`));
const itemArb = fc.record({
  id: fc.option(fc.oneof(required, url, fc.constantFrom('urn:uuid:6f1c2a4e-5b1d-4c8e-9a57-2e0b9d3f41a2', 'tag:x.example,2026:a b', 'https://a.example/ä[1]#x#y')), { nil: undefined }),
  url: fc.webUrl(),
  title: required,
  summary: fc.option(text, { nil: undefined }),
  published: time,
  authors: fc.array(fc.record({ name: required, url: fc.option(fc.webUrl(), { nil: undefined }) }), { minLength: 1, maxLength: 3 }),
  contributors: fc.array(fc.record({ name: required, role: required }), { maxLength: 2 }),
  source: fc.option(fc.record({ name: required, url: fc.webUrl() }), { nil: undefined }),
  tags: fc.uniqueArray(required, { maxLength: 3 }),
  rights: fc.option(text, { nil: undefined }),
  license: fc.option(fc.oneof(fc.webUrl(), text), { nil: undefined }),
  credit: fc.option(required, { nil: undefined }),
  image: fc.option(
    fc.record({
      url: fc.webUrl(),
      caption: fc.option(text, { nil: undefined }),
      credit: fc.option(text, { nil: undefined }),
      rights: fc.option(text, { nil: undefined }),
      width: fc.option(fc.integer({ min: 1, max: 10000 }), { nil: undefined }),
      height: fc.option(fc.integer({ min: 1, max: 10000 }), { nil: undefined }),
    }),
    { nil: undefined },
  ),
  content_html: fc.option(text, { nil: undefined }),
  language: fc.option(fc.constantFrom('en', 'sv-SE', 'uk'), { nil: undefined }),
  syndication: fc.option(fc.record({ partners: fc.constant('all' as const), embargo: fc.option(time, { nil: undefined }), expires: fc.option(time, { nil: undefined }) }), { nil: undefined }),
});

describe('arbitrary items', () => {
  it('keep every version valid, item documents and index', () => {
    const base = repoConfig();
    const configs = VERSIONS.map((v) =>
      withNinjs({ ...base, site: { ...base.site, tag_url: 'https://news.example.org/tags/{slug}' }, partners: [{ ...base.partners[2]!, policy: { ...base.partners[2]!.policy, allow_uncredited_photos: true, deny_agencies: [] } }] }, v),
    );
    let checked = 0;
    fc.assert(
      fc.property(itemArb, (fields) => {
        const json = JSON.parse(JSON.stringify(fields)) as Loose; // undefined members gone
        // Expiry after the run's now, so the item is published (catalog.ts).
        if (json.syndication?.expires) json.syndication.expires = '2027-01-01T00:00:00Z';
        if (json.syndication?.embargo) json.syndication.embargo = '2026-11-01T00:00:00Z';
        const parsed = parseItem(JSON.stringify(json), 'prop.json', {});
        if (!parsed.ok) return; // the loader refuses some generated items (a bad URL): not ninjs's to judge
        for (const [i, config] of configs.entries()) {
          const s = render([parsed.item], config);
          const files = ninjsFiles(s);
          expect(files.length).toBe(2);
          for (const [p, body] of files) {
            const errs = p.endsWith('/ninjs/index.json') ? ninjsIndexErrors(body) : ninjsErrors(body, VERSIONS[i]!);
            expect(errs, `${p}\n${body}`).toEqual([]);
          }
        }
        checked++;
      }),
      { numRuns: 200 },
    );
    expect(checked).toBeGreaterThan(100);
  });
});

describe('the example in docs/ninjs.md', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('is what `wirefeed build` writes for the sample config and items', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-ninjs-'));
    dirs.push(out);
    const access = testAccess(['nordpress']);
    const r = await build({ configFile: path.join(REPO, 'wirefeed.config.yaml'), itemsDir: ITEMS_DIR, outDir: out, now: NOW, ping: false, access });
    expect(r.exitCode).toBe(0);
    const md = await readFile(path.join(REPO, 'docs/ninjs.md'), 'utf8');
    const m = /<!-- example: (\S+) -->\s*```json\n([\s\S]*?)```/.exec(md);
    expect(m, 'docs/ninjs.md has an example block').not.toBeNull();
    // The document names no URL of its own folder, so it is the same under any secret.
    expect(await readFile(path.join(out, m![1]!.replace('partners/<token>', dirOf(access, 'nordpress'))), 'utf8')).toBe(m![2]);
    expect(ninjsErrors(m![2]!, '2.2')).toEqual([]);
  });
});
