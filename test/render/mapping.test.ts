// DESIGN.md's mapping table, checked field by field: every sample item in items/ and every
// fixture in test/fixtures/render is rendered, each format is parsed back, and each mapped
// value is compared with the item it came from.
import { describe, expect, it } from 'vitest';
import { renderBody } from '../../src/items/body.js';
import { slugify } from '../../src/slug.js';
import type { Item } from '../../src/types.js';
import { creditParagraph, expectedCredit, imageType, newest, present, toSecond, unescapeHtml } from '../helpers/expect.js';
import { parseRfc822 } from '../helpers/rss.js';
import { fixtureItem, renderMain, repoConfig, sampleItems } from '../helpers/site.js';
import { emptyElements, parseXml, textOf, type Node } from '../helpers/xml.js';

const config = repoConfig();
const samples = await sampleItems(config);
const fixtures = ['full.md', 'source-without-feed.json', 'minimal.md', 'rtl.md', 'hostile.md', 'hostile.json'].map((n) => fixtureItem(n, config));

const list = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? (v as Node[]) : [v as Node]);
const texts = (v: unknown) => list(v).map((n) => textOf(n));
const tagUrl = (tag: string) => config.site.tag_url!.replace('{slug}', slugify(tag));
const tagScheme = config.site.tag_url!.slice(0, config.site.tag_url!.indexOf('{slug}'));

/** The body HTML the item's content starts with (renderBody has its own tests). */
function expectedContent(item: Item): string {
  const body = item.body
    ? renderBody(item.body, { baseUrl: item.url, sanitize: config.html.sanitize, allowDataImages: config.html.allow_data_images, blockedImages: [] }).trimEnd()
    : '';
  return body ? `${body}\n${creditParagraph(item)}` : creditParagraph(item);
}

/** An id Atom can use as it is; any other becomes a tag: URI on the item's host. */
function checkAtomId(atomId: string, item: Item) {
  if (/^(https?:\/\/|urn:|tag:)[^\s<>"{}|\\^`]+$/.test(item.id)) expect(atomId).toBe(item.id);
  else expect(atomId).toMatch(new RegExp(`^tag:${new URL(item.url).hostname.replace(/\./g, '\\.')},\\d{4}-\\d{2}-\\d{2}:${encodeURIComponent(item.id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
}

/** The photographer a credit names by the "Photographer/Agency" convention, as the mapping reads it. */
const photographer = (credit: string | undefined) => {
  const parts = (credit ?? '').split('/').map((p) => p.trim());
  const who = parts.length < 2 ? '' : /photo$/i.test(parts[0]!) ? parts[1]! : parts[0]!;
    // Two or more words of letters, the first capitalized: a person's name.
  return /^\p{Lu}\S*(\s+\S+)+$/u.test(who) && who.split(/\s+/).every((w) => /^[\p{L}'’.-]+$/u.test(w));
};

/** The smallest size of the photo: a rendition smaller than the photo, else the photo itself. */
function thumbnailOf(image: NonNullable<Item['image']>) {
  const sizes = (image.renditions ?? []).filter((r) => r.url !== image.url).sort((a, b) => a.width * a.height - b.width * b.height);
  const small = sizes[0];
  if (small && (!image.width || !image.height || small.width * small.height < image.width * image.height)) return { url: small.url, width: String(small.width), height: String(small.height) };
  return { url: image.url, width: image.width?.toString(), height: image.height?.toString() };
}

/** Media RSS, the same in RSS and Atom: media:content (a media:group of them with renditions) and what describes it. */
function checkMedia(node: Node, item: Item) {
  const image = item.image;
  const group = list(node['media:group']);
  if (!image) {
    expect(list(node['media:content'])).toEqual([]);
    return expect(group).toEqual([]);
  }
  const renditions = (image.renditions ?? []).filter((r) => r.url !== image.url);
  // With renditions, a group holds the contents and what describes them; else the content itself.
  const holder = renditions.length ? group[0]! : list(node['media:content'])[0]!;
  expect(holder).toBeDefined();
  expect(renditions.length ? list(node['media:content']) : group).toEqual([]);
  const contents = renditions.length ? list(holder['media:content']) : [holder];
  expect(contents.map((c) => c['@url'])).toEqual([image.url, ...renditions.map((r) => r.url)]);
  const m = contents[0]!;
  expect(m['@medium']).toBe('image');
  expect(m['@isDefault']).toBe(renditions.length ? 'true' : undefined);
  expect(m['@type']).toBe(imageType(image.url, image.type));
  expect(m['@width']).toBe(image.width?.toString());
  expect(m['@height']).toBe(image.height?.toString());
  expect(m['@fileSize']).toBe(image.length ? String(image.length) : undefined);
  renditions.forEach((r, i) => {
    const c = contents[i + 1]!;
    expect([c['@width'], c['@height'], c['@medium'], c['@type']]).toEqual([String(r.width), String(r.height), 'image', imageType(r.url, r.type)]);
  });
  const thumb = holder['media:thumbnail'] as Node;
  const t = thumbnailOf(image);
  expect({ url: thumb['@url'], width: thumb['@width'], height: thumb['@height'] }).toEqual(t);
  const credit = holder['media:credit'] as Node | undefined;
  if (present(image.credit)) {
    expect(textOf(credit)).toBe(present(image.credit));
    expect(credit!['@scheme']).toBe('urn:ebu');
    expect(credit!['@role']).toBe(photographer(present(image.credit)) ? 'photographer' : undefined);
  } else expect(credit).toBeUndefined();
  // The caption is media:title: feedparser takes a media:description for the item's summary.
  expect(holder['media:description']).toBeUndefined();
  expect(textOf(holder['media:title'])).toBe(present(image.caption));
  expect(textOf(holder['media:copyright'])).toBe(present(image.rights));
  expect(textOf(holder['media:text'])).toBe(present(image.alt));
}

describe.each([
  ['the sample items in items/', samples],
  ['the fixtures in test/fixtures/render', fixtures],
])('%s', (_, items) => {
  const out = renderMain(items, config);
  const rss = parseXml(out.rss);
  const atom = parseXml(out.atom);
  const json = JSON.parse(out.json) as Record<string, unknown> & { items: Record<string, any>[] };
  const channel = (rss.rss as Node).channel as Node;
  const feed = atom.feed as Node;

  it('has every item once in every format', () => {
    expect(items.length).toBeGreaterThan(0);
    expect(list(channel.item)).toHaveLength(items.length);
    expect(list(feed.entry)).toHaveLength(items.length);
    expect(json.items).toHaveLength(items.length);
  });

  it('RSS channel: self link, language, copyright once, lastBuildDate = the newest updated', () => {
    const self = list(channel['atom:link']).find((l) => l['@rel'] === 'self')!;
    expect(self['@href']).toBe(new URL('rss.xml', config.site.feeds_base).href);
    expect(self['@type']).toBe('application/rss+xml');
    expect(textOf(channel.language)).toBe(config.site.language);
    expect(textOf(channel.copyright)).toBe(config.site.rights);
    expect(channel['dc:rights']).toBeUndefined();
    expect(parseRfc822(textOf(channel.lastBuildDate)!)).toBe(toSecond(newest(items)));
  });

  it('Atom feed: self link, xml:lang, rights, updated = the newest updated', () => {
    const self = list(feed.link).find((l) => l['@rel'] === 'self')!;
    expect(self['@href']).toBe(new URL('atom.xml', config.site.feeds_base).href);
    expect(feed['@xml:lang']).toBe(config.site.language);
    expect(textOf(feed.rights)).toBe(config.site.rights);
    expect(Date.parse(textOf(feed.updated)!)).toBe(newest(items));
    expect(textOf(feed.id)).toBe(self['@href']);
  });

  it('JSON Feed: feed_url, language, home page', () => {
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.feed_url).toBe(new URL('feed.json', config.site.feeds_base).href);
    expect(json.home_page_url).toBe(config.site.home);
    expect(json.language).toBe(config.site.language);
  });

  it('no element or attribute is written empty', () => {
    expect(emptyElements(rss, ['atom:link', 'enclosure', 'media:content', 'media:thumbnail'])).toEqual([]);
    expect(emptyElements(atom, ['link', 'category', 'media:content', 'media:thumbnail'])).toEqual([]);
    const empties: string[] = [];
    const walk = (v: unknown, at: string): void => {
      if (typeof v === 'string' && v.trim() === '') empties.push(at);
      else if (Array.isArray(v)) v.length === 0 && at !== '/items' ? empties.push(at) : v.forEach((x, i) => walk(x, `${at}/${i}`));
      else if (v && typeof v === 'object') {
        if (Object.keys(v).length === 0) empties.push(at);
        for (const [k, x] of Object.entries(v)) walk(x, `${at}/${k}`);
      }
    };
    walk(json, '');
    expect(empties).toEqual([]);
  });

  describe.each(items.map((item) => [item.file, item] as const))('%s', (_, item) => {
    const rssItem = list(channel.item).find((i) => textOf(i.guid) === item.id)!;
    const entry = list(feed.entry).find((e) => list(e.link).some((l) => l['@rel'] === 'alternate' && l['@href'] === item.url))!;
    const jsonItem = json.items.find((i) => i.id === item.id)!;
    const content = expectedContent(item);

    it('is found in every format', () => {
      expect(rssItem).toBeDefined();
      expect(entry).toBeDefined();
      expect(jsonItem).toBeDefined();
    });

    it('RSS: title, link, guid, pubDate, description, content', () => {
      expect(textOf(rssItem.title)).toBe(item.title);
      expect(texts(rssItem.link)).toEqual([item.url]);
      expect((rssItem.guid as Node)['@isPermaLink']).toBe(item.id === item.url ? 'true' : 'false');
      const pubDate = textOf(rssItem.pubDate)!;
      expect(pubDate).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      expect(parseRfc822(pubDate)).toBe(toSecond(item.published));
      // description is read as HTML: the plain summary arrives escaped, and unescapes to itself.
      const description = textOf(rssItem.description)!;
      if (item.summary) expect(unescapeHtml(description)).toBe(item.summary.trim());
      else expect(description).toBe(content);
      expect(textOf(rssItem['content:encoded'])).toBe(content);
      expect(textOf(rssItem['dc:language'])).toBe(item.language);
      // A correction's time, as DCMI's dcterms:modified: only on an item changed after it was published.
      const updated = rssItem['dcterms:modified'];
      if (item.updated > item.published) expect(Date.parse(textOf(updated)!)).toBe(item.updated);
      else expect(updated).toBeUndefined();
    });

    it('RSS: authors, contributors, source', () => {
      // One dc:creator with the whole byline: readers that keep one author keep all of them.
      const names = item.authors.map((a) => a.name);
      expect(texts(rssItem['dc:creator'])).toEqual([names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`]);
      expect(rssItem.author).toBeUndefined();
      expect(texts(rssItem['dc:contributor'])).toEqual(item.contributors.map((c) => c.name));
      const source = rssItem.source as Node | undefined;
      if (item.source?.feed) {
        expect(textOf(source)).toBe(item.source.name);
        expect(source!['@url']).toBe(item.source.feed);
        expect(rssItem['dc:source']).toBeUndefined();
      } else if (item.source) {
        expect(textOf(rssItem['dc:source'])).toBe(item.source.url);
        expect(source).toBeUndefined();
      } else {
        expect(source).toBeUndefined();
        expect(rssItem['dc:source']).toBeUndefined();
      }
      // The original article, with or without its feed.
      const via = list(rssItem['atom:link']).filter((l) => l['@rel'] === 'via');
      expect(via.map((l) => [l['@href'], l['@title']])).toEqual(item.source ? [[item.source.url, item.source.name]] : []);
    });

    it('RSS: image, enclosure, categories, rights, license', () => {
      checkMedia(rssItem, item);
      const enclosures = list(rssItem.enclosure);
      if (item.image) {
        expect(enclosures).toEqual([
          {
            '@url': item.image.url,
            '@length': String(item.image.length ?? 0),
            '@type': imageType(item.image.url, item.image.type) ?? 'application/octet-stream',
          },
        ]);
      } else expect(enclosures).toEqual([]);
      expect(list(rssItem.category).map((c) => ({ term: textOf(c), domain: c['@domain'] }))).toEqual(
        item.tags.map((t) => ({ term: t, domain: tagUrl(t) })),
      );
      expect(textOf(rssItem['dc:rights'])).toBe(present(item.rights));
      expect(textOf(rssItem['creativeCommons:license'])).toBe(present(item.license));
    });

    it('Atom: id, title, links, dates, summary, content, xml:lang', () => {
      checkAtomId(textOf(entry.id)!, item);
      expect(textOf(entry.title)).toBe(item.title);
      expect((entry.title as Node)['@type']).toBe('text');
      expect(Date.parse(textOf(entry.published)!)).toBe(item.published);
      expect(Date.parse(textOf(entry.updated)!)).toBe(item.updated);
      expect(textOf(entry.updated)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      if (item.summary) {
        expect(textOf(entry.summary)).toBe(item.summary.trim());
        expect((entry.summary as Node)['@type']).toBe('text');
      } else expect(entry.summary).toBeUndefined();
      expect(textOf(entry.content)).toBe(content);
      expect((entry.content as Node)['@type']).toBe('html');
      expect(entry['@xml:lang']).toBe(item.language);
    });

    it('Atom: authors, contributors, source, categories, rights, license, enclosure, media', () => {
      expect(list(entry.author).map((a) => ({ name: textOf(a.name), uri: textOf(a.uri), email: textOf(a.email) }))).toEqual(
        item.authors.map((a) => ({ name: a.name, uri: a.url, email: a.email })),
      );
      expect(list(entry.contributor).map((c) => ({ name: textOf(c.name), uri: textOf(c.uri) }))).toEqual(
        item.contributors.map((c) => ({ name: c.name, uri: c.url })),
      );
      const links = list(entry.link);
      const rel = (r: string) => links.filter((l) => l['@rel'] === r);
      const via = rel('via');
      // The article is the entry's via; atom:source is the source feed, never the article (RFC 4287 4.2.11).
      expect(via.map((l) => [l['@href'], l['@title']])).toEqual(item.source ? [[item.source.url, item.source.name]] : []);
      if (item.source?.feed) {
        const source = entry.source as Node;
        expect(textOf(source.title)).toBe(item.source.name);
        expect(list(source.link).map((l) => [l['@rel'], l['@href']])).toEqual([['self', item.source.feed]]);
      } else expect(entry.source).toBeUndefined();
      expect(list(entry.category).map((c) => ({ term: c['@term'], scheme: c['@scheme'] }))).toEqual(
        item.tags.map((t) => ({ term: t, scheme: tagScheme })),
      );
      expect(textOf(entry.rights)).toBe(present(item.rights));
      expect(rel('license').map((l) => l['@href'])).toEqual(present(item.license) ? [present(item.license)] : []);
      const enclosure = rel('enclosure');
      if (item.image) {
        expect(enclosure).toHaveLength(1);
        expect(enclosure[0]!['@href']).toBe(item.image.url);
        expect(enclosure[0]!['@type']).toBe(imageType(item.image.url, item.image.type));
        // Atom's length is optional: left out when unknown rather than written as 0.
        expect(enclosure[0]!['@length']).toBe(item.image.length ? String(item.image.length) : undefined);
        expect(enclosure[0]!['@title']).toBe(present(item.image.caption));
      } else expect(enclosure).toEqual([]);
      checkMedia(entry, item);
    });

    it('JSON Feed: id, url, title, dates, summary, content, language, tags', () => {
      expect(jsonItem.url).toBe(item.url);
      expect(jsonItem.title).toBe(item.title);
      expect(Date.parse(jsonItem.date_published)).toBe(item.published);
      expect(Date.parse(jsonItem.date_modified)).toBe(item.updated);
      expect(jsonItem.summary).toBe(present(item.summary));
      expect(jsonItem.content_html).toBe(content);
      expect(jsonItem.language).toBe(item.language);
      expect(jsonItem.tags).toEqual(item.tags.length ? item.tags : undefined);
      expect(jsonItem.external_url).toBe(item.source?.url);
      // JSON Feed 1.0's single author, kept for older readers: the whole byline.
      const names = item.authors.map((a) => a.name);
      const only = item.authors.length === 1 ? item.authors[0]! : undefined;
      const onlyUrl = only && (only.url ?? (only.email ? `mailto:${only.email}` : undefined));
      expect(jsonItem.author).toEqual({ name: names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`, ...(onlyUrl && { url: onlyUrl }) });
      expect(jsonItem.authors).toEqual(
        item.authors.map((a) => {
          const url = a.url ?? (a.email ? `mailto:${a.email}` : undefined);
          return url ? { name: a.name, url } : { name: a.name };
        }),
      );
    });

    it('JSON Feed: image, attachment, and the whole chain in _attribution', () => {
      const image = item.image;
      expect(jsonItem.image).toBe(image?.url);
      if (image) {
        const renditions = (image.renditions ?? []).filter((r) => r.url !== image.url);
        // Renditions share a title with the photo: JSON Feed's sign of one thing in several forms.
        const title = renditions.length ? (present(image.caption) ?? present(image.alt) ?? item.title) : present(image.caption);
        const attachment: Record<string, unknown> = {
          url: image.url,
          mime_type: imageType(image.url, image.type) ?? 'application/octet-stream',
        };
        if (title) attachment.title = title;
        if (image.length) attachment.size_in_bytes = image.length;
        const others = renditions.map((r) => ({ url: r.url, mime_type: imageType(r.url, r.type) ?? 'application/octet-stream', ...(title && { title }) }));
        expect(jsonItem.attachments).toEqual([attachment, ...others]);
      } else expect(jsonItem.attachments).toBeUndefined();
      const a = jsonItem._attribution;
      expect(a.credit).toBe(expectedCredit(item));
      expect(a.authors).toEqual(item.authors);
      expect(a.contributors).toEqual(item.contributors.length ? item.contributors : undefined);
      expect(a.source).toEqual(item.source);
      expect(a.rights).toBe(present(item.rights));
      expect(a.license).toBe(present(item.license));
      if (image) {
        const expected: Record<string, string> = { url: image.url };
        for (const k of ['caption', 'credit', 'rights', 'alt'] as const) if (present(image[k])) expected[k] = present(image[k])!;
        const renditions = (image.renditions ?? []).filter((r) => r.url !== image.url);
        const sizes = renditions.map((r) => ({ ...r, ...(imageType(r.url, r.type) && { type: imageType(r.url, r.type) }) }));
        expect(a.image).toEqual(renditions.length ? { ...expected, renditions: sizes } : expected);
      } else expect(a.image).toBeUndefined();
    });
  });
});
