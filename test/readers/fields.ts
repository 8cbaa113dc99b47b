// The attribution fields the reader matrix measures, and where each client puts what it read.
// A field's `want` is what the item says (written out here from the item, not from
// src/render); a client reads the field when everything wanted is among the values it gives in
// its own, interpreted fields. "ext" means the values are only in the client's generic store of
// elements it does not interpret (feedparser's `media_*`/`dc_*` keys, gofeed's `extensions`).
import { joinNames } from '../../src/attribution.js';
import type { Format, Item } from '../../src/types.js';
import { expectedCredit, imageType, present, unescapeHtml } from '../helpers/expect.js';
import type { Loose } from './clients.js';

export type Client = 'feedparser' | 'gofeed' | 'feedsmith' | 'rss-parser';

export interface Field {
  name: string;
  /** The items the field is measured on (every item has a title; not every one has a source). */
  applies: (item: Item) => boolean;
  want: (item: Item) => string[];
  /** What each client gives for it, from its interpreted fields; format is that of the document read. */
  read: Record<Client, (entry: Loose, format: Format) => unknown[]>;
  /** Where each client gives it, for the docs (the reader's own names). */
  where: Partial<Record<Client, string>>;
}

const list = (v: unknown): Loose[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const links = (e: Loose, rel: string) => list(e.links).filter((l) => l.rel === rel);
const second = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** The photographer a credit names ("Photographer/Agency", "AP Photo/Photographer"), by the test's own reading. */
export function photographerIn(credit: string | undefined): string | undefined {
  const parts = (credit ?? '').split('/').map((p) => p.trim());
  if (parts.length < 2) return undefined;
  const who = /photo$/i.test(parts[0]!) ? parts[1]! : parts[0]!;
  // Two or more words of letters, the first capitalized: a person's name.
  return /^\p{Lu}\S*(\s+\S+)+$/u.test(who) && who.split(/\s+/).every((w) => /^[\p{L}'’.-]+$/u.test(w)) ? who : undefined;
}

/** The credit paragraph's text at the end of a content, as a reader returned it. */
function creditText(html: unknown): string[] {
  const m = typeof html === 'string' ? /<p class="credit">([^<]*)<\/p>\s*$/.exec(html) : null;
  return m ? [unescapeHtml(m[1]!)] : [];
}

const thumbnail = (item: Item) => {
  const image = item.image!;
  const sizes = (image.renditions ?? []).filter((r) => r.url !== image.url);
  const smallest = sizes.sort((a, b) => a.width * a.height - b.width * b.height)[0];
  return smallest && (!image.width || !image.height || smallest.width * smallest.height < image.width * image.height) ? smallest.url : image.url;
};

/** A date as the matrix compares it: RFC 3339 in UTC, whole seconds. */
const iso = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? second(Date.parse(v)) : undefined);

// feedsmith: the Media RSS objects an item or entry has, directly or in groups.
const fsGroups = (e: Loose) => list(e.media?.groups);
const fsContents = (e: Loose) => [...list(e.media?.contents), ...fsGroups(e).flatMap((g) => list(g.contents))];
/** Where feedsmith puts what describes a photo: the item's media, a group, a content. */
const fsAbout = (e: Loose) => [e.media ?? {}, ...fsGroups(e), ...fsContents(e)];
const fsLinks = (e: Loose, f: Format, rel: string) => list(f === 'rss' ? e.atom?.links : e.links).filter((l) => l.rel === rel);
/** feedsmith's value of a text construct ({value}) or a plain string. */
const val = (v: unknown) => (v && typeof v === 'object' ? (v as Loose).value : v);
const fsContent = (e: Loose, f: Format) => (f === 'rss' ? e.content?.encoded : f === 'atom' ? val(e.content) : e.content_html);
const fsAuthors = (e: Loose, f: Format): unknown[] => (f === 'rss' ? list(e.dc?.creators) : list(e.authors).map((a) => a.name));

const fpEnclosures = (e: Loose) => links(e, 'enclosure');
const fpMedia = (e: Loose) => list(e.media_content);

type SystemField = Omit<Field, 'read'> & { read: Record<'feedparser' | 'gofeed', Field['read'][Client]> };

const SYSTEM: SystemField[] = [
  {
    name: 'Byline: every author, in the one author a client shows',
    applies: () => true,
    want: (item) => [joinNames(item.authors.map((a) => a.name))],
    read: { feedparser: (e) => [e.author], gofeed: (i) => [i.author?.name] },
    where: { feedparser: '`author`', gofeed: '`Author.Name`' },
  },
  {
    name: 'Authors, each apart',
    applies: (item) => item.authors.length > 1,
    want: (item) => item.authors.map((a) => a.name),
    read: { feedparser: (e) => list(e.authors).map((a) => a.name), gofeed: (i) => list(i.authors).map((a) => a.name) },
    where: { feedparser: '`authors[].name`', gofeed: '`Authors[].Name`' },
  },
  {
    name: 'Contributors',
    applies: (item) => item.contributors.length > 0,
    want: (item) => item.contributors.map((c) => c.name),
    read: { feedparser: (e) => list(e.contributors).map((c) => c.name), gofeed: (i) => list(i.dcExt?.contributor) },
    where: { feedparser: '`contributors[].name`', gofeed: '`DublinCoreExt.Contributor`' },
  },
  {
    name: "Contributor's role",
    applies: (item) => item.contributors.length > 0,
    want: (item) => item.contributors.map((c) => c.role),
    // No client has a field for a contributor's role: the credit line carries it.
    read: { feedparser: () => [], gofeed: () => [] },
    where: {},
  },
  {
    name: 'Photo credit',
    applies: (item) => !!present(item.image?.credit),
    want: (item) => [present(item.image!.credit)!],
    read: { feedparser: (e) => [e.credit, ...list(e.media_credit).map((c) => c.content)], gofeed: () => [] },
    where: { feedparser: '`media_credit[].content`, `credit`' },
  },
  {
    name: 'Photographer (credit role)',
    applies: (item) => !!photographerIn(item.image?.credit),
    want: () => ['photographer'],
    read: { feedparser: (e) => list(e.media_credit).map((c) => c.role), gofeed: () => [] },
    where: { feedparser: '`media_credit[].role`' },
  },
  {
    name: 'Caption',
    applies: (item) => !!present(item.image?.caption),
    want: (item) => [present(item.image!.caption)!],
    read: { feedparser: (e) => fpEnclosures(e).map((l) => l.title), gofeed: () => [] },
    where: { feedparser: '`links[rel=enclosure].title`' },
  },
  {
    name: 'Summary is the summary, never the caption',
    applies: (item) => !!present(item.image?.caption),
    want: () => ['kept apart'],
    read: {
      // feedparser reads media:description as the description: it must not replace the summary.
      // and, in RSS, must not relabel the HTML description as plain text.
      feedparser: (e, f) =>
        [e.summary, e.summary_detail?.value].every((v) => v === undefined || !CAPTIONS.has(String(v))) &&
        (f !== 'rss' || e.summary_detail === undefined || e.summary_detail.type === 'text/html')
          ? ['kept apart']
          : [],
      gofeed: (i) => (CAPTIONS.has(String(i.description)) ? [] : ['kept apart']),
    },
    where: { feedparser: '`summary`, `summary_detail`', gofeed: '`Description`' },
  },
  {
    name: 'Alt text',
    applies: (item) => !!present(item.image?.alt),
    want: (item) => [present(item.image!.alt)!],
    read: { feedparser: () => [], gofeed: () => [] },
    where: {},
  },
  {
    name: 'Photo rights',
    applies: (item) => !!present(item.image?.rights),
    want: (item) => [present(item.image!.rights)!],
    read: { feedparser: () => [], gofeed: () => [] },
    where: {},
  },
  {
    name: 'Item rights',
    applies: (item) => !!present(item.rights),
    want: (item) => [present(item.rights)!],
    read: { feedparser: (e) => [e.rights], gofeed: (i) => list(i.dcExt?.rights) },
    where: { feedparser: '`rights`', gofeed: '`DublinCoreExt.Rights`' },
  },
  {
    name: 'License',
    applies: (item) => !!present(item.license),
    want: (item) => [present(item.license)!],
    read: { feedparser: (e) => [e.license, ...links(e, 'license').map((l) => l.href)], gofeed: () => [] },
    where: { feedparser: '`license`' },
  },
  {
    name: 'Source name',
    applies: (item) => !!item.source,
    want: (item) => [item.source!.name],
    read: { feedparser: (e) => [e.source?.title, ...links(e, 'via').map((l) => l.title)], gofeed: () => [] },
    where: { feedparser: '`source.title`, `links[rel=via].title`' },
  },
  {
    name: 'Original article URL',
    applies: (item) => !!item.source,
    want: (item) => [item.source!.url],
    read: { feedparser: (e) => links(e, 'via').map((l) => l.href), gofeed: (i) => [...list(i.dcExt?.source), ...list(i.links)] },
    where: { feedparser: '`links[rel=via].href`', gofeed: '`DublinCoreExt.Source`, `Links` (JSON Feed `external_url`)' },
  },
  {
    name: 'Source feed',
    applies: (item) => !!item.source?.feed,
    want: (item) => [item.source!.feed!],
    read: { feedparser: (e) => [e.source?.href, ...links(e.source ?? {}, 'self').map((l) => l.href)], gofeed: () => [] },
    where: { feedparser: '`source.href`, `source.links[rel=self]`' },
  },
  {
    name: 'Published',
    applies: () => true,
    want: (item) => [second(item.published)],
    read: { feedparser: (e) => [e.published_parsed], gofeed: (i) => [i.publishedParsed] },
    where: { feedparser: '`published_parsed`', gofeed: '`PublishedParsed`' },
  },
  {
    name: 'Updated (a correction)',
    applies: (item) => item.updated > item.published,
    want: (item) => [second(item.updated)],
    read: { feedparser: (e) => [e.updated_parsed], gofeed: (i) => [i.updatedParsed] },
    where: { feedparser: '`updated_parsed`', gofeed: '`UpdatedParsed`' },
  },
  {
    name: 'Categories',
    applies: (item) => item.tags.length > 0,
    want: (item) => item.tags,
    read: { feedparser: (e) => list(e.tags).map((t) => t.term), gofeed: (i) => list(i.categories) },
    where: { feedparser: '`tags[].term`', gofeed: '`Categories`' },
  },
  {
    name: 'Image URL',
    applies: (item) => !!item.image,
    want: (item) => [item.image!.url],
    read: {
      feedparser: (e) => [...fpEnclosures(e).map((l) => l.href), ...fpMedia(e).map((m) => m.url)],
      gofeed: (i) => [...list(i.enclosures).map((x) => x.url), i.image?.url],
    },
    where: { feedparser: '`enclosures`, `media_content[].url`', gofeed: '`Enclosures[].URL`, `Image.URL`' },
  },
  {
    name: 'Image type',
    applies: (item) => !!item.image && !!imageType(item.image.url, item.image.type),
    want: (item) => [imageType(item.image!.url, item.image!.type)!],
    read: {
      feedparser: (e) => [...fpEnclosures(e).map((l) => l.type), ...fpMedia(e).map((m) => m.type)],
      gofeed: (i) => list(i.enclosures).map((x) => x.type),
    },
    where: { feedparser: '`enclosures[].type`, `media_content[].type`', gofeed: '`Enclosures[].Type`' },
  },
  {
    name: 'Image width and height',
    applies: (item) => !!item.image?.width && !!item.image.height,
    want: (item) => [String(item.image!.width), String(item.image!.height)],
    read: { feedparser: (e) => fpMedia(e).flatMap((m) => [m.width, m.height]), gofeed: () => [] },
    where: { feedparser: '`media_content[].width`, `.height`' },
  },
  {
    name: 'Thumbnail',
    applies: (item) => !!item.image,
    want: (item) => [thumbnail(item)],
    read: { feedparser: (e) => list(e.media_thumbnail).map((t) => t.url), gofeed: () => [] },
    where: { feedparser: '`media_thumbnail[].url`' },
  },
  {
    name: 'Renditions (other sizes)',
    applies: (item) => (item.image?.renditions ?? []).length > 0,
    want: (item) => item.image!.renditions!.map((r) => r.url),
    read: { feedparser: (e) => fpMedia(e).map((m) => m.url), gofeed: (i) => list(i.enclosures).map((x) => x.url) },
    where: { feedparser: '`media_content[].url`', gofeed: '`Enclosures[].URL`' },
  },
  {
    name: 'Credit line',
    applies: () => true,
    want: (item) => [expectedCredit(item)],
    read: { feedparser: (e) => creditText(list(e.content)[0]?.value), gofeed: (i) => creditText(i.content) },
    where: { feedparser: '`content[0].value`', gofeed: '`Content`' },
  },
];

type JsReads = { read: Record<'feedsmith' | 'rss-parser', Field['read'][Client]>; where: Partial<Record<Client, string>> };
const none = () => [];

// feedsmith (every namespace, typed) and rss-parser (its default fields: what an application gets
// without customFields), by field name. rss-parser reads no JSON Feed.
const JS: Record<string, JsReads> = {
  Byline: {
    read: { feedsmith: (e, f) => fsAuthors(e, f).slice(0, 1), 'rss-parser': (e) => [e.creator ?? e.author] },
    where: { feedsmith: 'the first of `dc.creators` / `authors`', 'rss-parser': '`creator` (RSS), `author` (Atom)' },
  },
  'Authors, each apart': {
    read: { feedsmith: fsAuthors, 'rss-parser': (e) => [e.creator ?? e.author] },
    where: { feedsmith: '`dc.creators`, `authors[].name`' },
  },
  Contributors: {
    read: { feedsmith: (e, f) => (f === 'rss' ? list(e.dc?.contributors) : list(e.contributors).map((c) => c.name)), 'rss-parser': none },
    where: { feedsmith: '`dc.contributors`, `contributors[].name`' },
  },
  "Contributor's role": { read: { feedsmith: none, 'rss-parser': none }, where: {} },
  'Photo credit': {
    read: { feedsmith: (e) => fsAbout(e).flatMap((m) => list(m.credits).map((c) => c.value)), 'rss-parser': none },
    where: { feedsmith: '`media…credits[].value`' },
  },
  'Photographer (credit role)': {
    read: { feedsmith: (e) => fsAbout(e).flatMap((m) => list(m.credits).map((c) => c.role)), 'rss-parser': none },
    where: { feedsmith: '`media…credits[].role`' },
  },
  Caption: {
    read: {
      feedsmith: (e, f) => [...fsAbout(e).map((m) => val(m.title)), ...fsLinks(e, f, 'enclosure').map((l) => l.title), ...list(e.attachments).map((a) => a.title)],
      'rss-parser': none,
    },
    where: { feedsmith: '`media…title`, enclosure link `title`, `attachments[].title`' },
  },
  'Summary is the summary, never the caption': {
    read: {
      feedsmith: (e, f) => (CAPTIONS.has(String(f === 'rss' ? e.description : val(e.summary))) ? [] : ['kept apart']),
      'rss-parser': (e) => ([e.summary, e.contentSnippet].some((v) => CAPTIONS.has(String(v))) ? [] : ['kept apart']),
    },
    where: { feedsmith: '`description`, `summary`', 'rss-parser': '`contentSnippet`, `summary`' },
  },
  'Alt text': {
    read: { feedsmith: (e) => fsAbout(e).flatMap((m) => list(m.texts).map((t) => t.value)), 'rss-parser': none },
    where: { feedsmith: '`media…texts[].value`' },
  },
  'Photo rights': {
    read: { feedsmith: (e) => fsAbout(e).map((m) => val(m.copyright)), 'rss-parser': none },
    where: { feedsmith: '`media…copyright`' },
  },
  'Item rights': {
    read: { feedsmith: (e, f) => (f === 'rss' ? list(e.dc?.rights) : [val(e.rights)]), 'rss-parser': (e) => [e.rights] },
    where: { feedsmith: '`dc.rights`, `rights`', 'rss-parser': '`rights` (RSS)' },
  },
  License: {
    read: { feedsmith: (e, f) => [...list(e.creativeCommons?.licenses), ...fsLinks(e, f, 'license').map((l) => l.href)], 'rss-parser': none },
    where: { feedsmith: '`creativeCommons.licenses`, `links[rel=license]`' },
  },
  'Source name': {
    read: { feedsmith: (e, f) => [val(e.source?.title), ...fsLinks(e, f, 'via').map((l) => l.title)], 'rss-parser': none },
    where: { feedsmith: '`source.title`, via link `title`' },
  },
  'Original article URL': {
    read: { feedsmith: (e, f) => [...fsLinks(e, f, 'via').map((l) => l.href), ...list(e.dc?.sources), e.external_url], 'rss-parser': none },
    where: { feedsmith: 'via link `href`, `dc.sources`, `external_url`' },
  },
  'Source feed': {
    read: { feedsmith: (e) => [e.source?.url, ...list(e.source?.links).filter((l) => l.rel === 'self').map((l) => l.href)], 'rss-parser': none },
    where: { feedsmith: '`source.url`, `source.links[rel=self]`' },
  },
  Published: {
    read: { feedsmith: (e) => [iso(e.pubDate ?? e.published ?? e.date_published)], 'rss-parser': (e) => [iso(e.isoDate)] },
    where: { feedsmith: '`pubDate`, `published`, `date_published`', 'rss-parser': '`isoDate`' },
  },
  'Updated (a correction)': {
    read: { feedsmith: (e, f) => (f === 'rss' ? list(e.dcterms?.modified).map(iso) : [iso(e.updated ?? e.date_modified)]), 'rss-parser': none },
    where: { feedsmith: '`dcterms.modified`, `updated`, `date_modified`' },
  },
  Categories: {
    read: {
      feedsmith: (e, f) => (f === 'json' ? list(e.tags) : list(e.categories).map((c) => c.name ?? c.term)),
      'rss-parser': (e) => list(e.categories).map((c) => (typeof c === 'string' ? c : c._)),
    },
    where: { feedsmith: '`categories`, `tags`', 'rss-parser': '`categories` (RSS)' },
  },
  'Image URL': {
    read: {
      feedsmith: (e, f) => [...list(e.enclosures).map((x) => x.url), ...fsLinks(e, f, 'enclosure').map((l) => l.href), ...fsContents(e).map((c) => c.url), e.image, ...list(e.attachments).map((a) => a.url)],
      'rss-parser': (e) => [e.enclosure?.url],
    },
    where: { feedsmith: '`enclosures`, `media…contents`, `image`, `attachments`', 'rss-parser': '`enclosure.url` (RSS)' },
  },
  'Image type': {
    read: {
      feedsmith: (e, f) => [...list(e.enclosures).map((x) => x.type), ...fsLinks(e, f, 'enclosure').map((l) => l.type), ...fsContents(e).map((c) => c.type), ...list(e.attachments).map((a) => a.mime_type)],
      'rss-parser': (e) => [e.enclosure?.type],
    },
    where: { feedsmith: '`enclosures[].type`, `media…contents[].type`, `attachments[].mime_type`', 'rss-parser': '`enclosure.type` (RSS)' },
  },
  'Image width and height': {
    read: { feedsmith: (e) => fsContents(e).flatMap((c) => [c.width, c.height]), 'rss-parser': none },
    where: { feedsmith: '`media…contents[].width`, `.height`' },
  },
  Thumbnail: {
    read: { feedsmith: (e) => fsAbout(e).flatMap((m) => list(m.thumbnails).map((t) => t.url)), 'rss-parser': none },
    where: { feedsmith: '`media…thumbnails[].url`' },
  },
  'Renditions (other sizes)': {
    read: { feedsmith: (e) => [...fsContents(e).map((c) => c.url), ...list(e.attachments).map((a) => a.url)], 'rss-parser': none },
    where: { feedsmith: '`media…contents[].url`, `attachments[].url`' },
  },
  'Credit line': {
    read: { feedsmith: (e, f) => creditText(fsContent(e, f)), 'rss-parser': (e) => creditText(e['content:encoded'] ?? e.content) },
    where: { feedsmith: '`content.encoded`, `content`, `content_html`', 'rss-parser': '`content:encoded`, `content`' },
  },
};

export const FIELDS: Field[] = SYSTEM.map((f) => {
  const js = JS[Object.keys(JS).find((k) => f.name.startsWith(k))!];
  if (!js) throw new Error(`no JS readers for ${f.name}`);
  return { ...f, read: { ...f.read, ...js.read }, where: { ...f.where, ...js.where } };
});

/** The sample captions, for "never the caption": filled by the test from the items. */
export const CAPTIONS = new Set<string>();

/** Every string in a client's generic store of elements it does not interpret. */
export function extValues(client: Client, entry: Loose): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  if (client === 'gofeed') walk(entry.extensions);
  else if (client === 'feedparser') for (const [k, v] of Object.entries(entry)) if (/^(media|dc|dcterms|atom|creativecommons)_/.test(k)) walk(v);
  return out;
}
