// The one mapping: Item → the neutral Entry that rss.ts, atom.ts and jsonfeed.ts each write.
// Every rule about what a field becomes lives here, once.
import { creditLine, joinNames, photographerOf } from '../attribution.js';
import { serializeUrl } from '../url.js';
import { cleanText, suspect, SUSPECT_CHARS } from '../items/clean.js';
import { renderBody, type BodyOptions } from '../items/body.js';
import { slugify } from '../slug.js';
import type { Contributor, FeedView, Image, Item, Person, Rendition, Source, Tombstone } from '../types.js';
import { liveVersion } from '../version.js';
import { memoized } from '../memo.js';
import { text } from './xml.js';
import { profileHtml, profilePubDate } from '../profiles/index.js';

export interface EntryImage extends Image {
  /** The media type as given, or as the file name tells it; absent when neither does. */
  type?: string;
  /**
   * RSS `enclosure` and JSON Feed `attachments` require a type: `type`, else
   * application/octet-stream. A guessed "image/jpeg" for a URL that does not say would be
   * wrong for every PNG or WebP a CDN serves without an extension.
   */
  enclosureType: string;
  /** Size in bytes when known (RSS writes 0 for unknown; Atom and JSON Feed leave it out). */
  length?: number;
  /** Media RSS `medium`: the top-level media type ("image", "video", "audio"); "image" when unknown. */
  medium: string;
  /** The person the credit names as the photographer ("Photographer/Agency"): `media:credit role="photographer"`. */
  photographer?: string;
  /** The other sizes, each with its media type when known: `media:group`, more `attachments`. */
  renditions: Rendition[];
  /** The smallest size there is (the image itself without renditions): `media:thumbnail`. */
  thumbnail: { url: string; width?: number; height?: number };
}

export interface EntryTag {
  term: string;
  /** The site's page for this tag: RSS `category domain`. */
  url?: string;
  /** The site's tag scheme, the same for every tag: Atom `category scheme` (RFC 4287 4.2.2.2). */
  scheme?: string;
}

export interface Entry {
  id: string;
  /** The id is the canonical URL: RSS `guid isPermaLink="true"`. */
  idIsUrl: boolean;
  /** An IRI for Atom's `id`: the id itself when it is one, else a tag: URI made from it. */
  atomId: string;
  url: string;
  title: string;
  published: number;
  updated: number;
  /** RSS `pubDate`: `published`, or `updated` for a platform that reads pubDate as the last change (profilePubDate). */
  pubDate: number;
  /** Plain text. */
  summary?: string;
  /**
   * RSS `description`, which readers take as HTML: the summary escaped as HTML. Absent when
   * there is no summary: the description is then the content (never left out: the feed
   * validator wants a description before content:encoded).
   */
  summaryHtml?: string;
  /** The body as HTML (or the summary as a paragraph, for summary-only documents); '' when there is neither. */
  bodyHtml: string;
  /** The credit paragraph, `<p class="credit">…</p>`, which ends the content (see `content`). */
  creditHtml: string;
  credit: string;
  /** Every author's name in one string, "Åsa Öberg and TT News Agency": for clients that keep one author. */
  byline: string;
  authors: Person[];
  contributors: Contributor[];
  source?: Source;
  image?: EntryImage;
  tags: EntryTag[];
  rights?: string;
  license?: string;
  language?: string;
  /** epoch ms, from syndication: ninjs `embargoed` and `expires`. */
  embargo?: number;
  /** The correction note (it also opens `bodyHtml`); its time is `updated`. */
  correction?: string;
  /** 1, and 2 once corrected (an item keeps only its latest note): ninjs `version`. */
  version: number;
  /** ninjs `pubstatus`: a live entry is usable; a tombstone (TombstoneEntry) is canceled. */
  pubstatus: 'usable';
  /** syndication.expires, announced in advance (epoch ms). */
  expires?: number;
}

/** A killed story as every format writes it: the id it had, when and why, nothing of its content. */
export interface TombstoneEntry {
  id: string;
  /** The entry's Atom id, which RFC 6721's `ref` names. */
  atomId: string;
  url: string;
  /** epoch ms */
  when: number;
  reason: string;
  cause: Tombstone['cause'];
  pubstatus: 'canceled';
  /** epoch ms, for a tag: Atom id and the ninjs `firstcreated`. */
  published: number;
  version: number;
}

export function toTombstone(t: Tombstone): TombstoneEntry {
  return { id: t.id, atomId: atomIdOf(t), url: t.url, when: t.when, reason: t.reason, cause: t.cause, pubstatus: 'canceled', published: t.published, version: t.version };
}

/** "2026-11-26 14:05 UTC": the time a reader sees on a correction note, the same on every machine. */
function noteTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The visible note that opens a corrected story's body in every format. */
const correctionHtml = (note: string, at: number): string =>
  `<p class="correction"><strong>Correction (${noteTime(at)}):</strong> ${text(note)}</p>`;

const MEDIA_TYPES: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', jpe: 'image/jpeg', jfif: 'image/jpeg', png: 'image/png', apng: 'image/apng',
  gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', svg: 'image/svg+xml', heic: 'image/heic', heif: 'image/heif',
  jxl: 'image/jxl', bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff', ico: 'image/vnd.microsoft.icon',
};

/**
 * A URL whose path the URL parser would leave as it is: http(s), a plain host name (its last
 * label not a number, no punycode: nothing the parser could refuse), and a path of
 * characters it neither encodes nor reads as a separator (no backslash, no space), up to the
 * query or fragment. Dot segments it would resolve cannot change the extension: the last
 * segment stays unless it is itself a dot segment, and then the path ends with `/`.
 */
const PLAIN_URL = /^https?:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*(?::\d+)?(\/[\w.~!$&'()*+,;=:@%/-]*)?(?:[?#]|$)/i;

/** The file extension of a URL's path as the URL parser gives it (`pathname`), lower-cased. */
export function urlExtension(url: string): string | undefined {
  // Parsing the URL costs more than the rest of an item's mapping: only a URL that is not plain is parsed.
  const plain = /xn--/i.test(url) ? null : PLAIN_URL.exec(url);
  const path = plain ? (plain[1] ?? '/') : new URL(url).pathname;
  return /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
}

/** The media type a URL's file extension names, or undefined when it names none we know. */
export function guessImageType(url: string): string | undefined {
  const ext = urlExtension(url);
  return ext ? MEDIA_TYPES[ext] : undefined;
}

// Tag slugs live in one place (src/slug.ts): folders, tag feeds and tag page URLs agree.
export { slugify };

// An id Atom can carry as it is: an http(s) URL, or a urn:/tag: URI, written only with characters
// an IRI allows (no space, controls, <>"{}|\^`). Anything else ("TT:2026-0042", "story 17") would be
// read as an unknown scheme or be invalid: it becomes a tag: URI (RFC 4151) on the item's host.
const ATOM_ID = /^(?:https?:\/\/|urn:[a-z0-9][a-z0-9-]{0,31}:|tag:)[^\s<>"{}|\\^`\u0000-\u001f\u007f-\u009f]+$/i;

function atomIdOf(item: Pick<Item, 'id' | 'url' | 'published'>): string {
  return ATOM_ID.test(item.id) ? item.id : tagUriOf(item);
}

/** The id as a tag: URI (RFC 4151) on the item's host: ASCII, valid whatever the id holds. */
export function tagUriOf(item: Pick<Item, 'id' | 'url' | 'published'>): string {
  const host = new URL(item.url).hostname;
  // The day comes from `published`, which corrections leave alone (they set `updated`).
  const day = new Date(item.published).toISOString().slice(0, 10);
  return `tag:${host},${day}:${encodeURIComponent(item.id)}`;
}

/** Optional plain text as a feed writes it: trimmed, and absent when nothing is left. */
const present = (s: string | undefined): string | undefined => {
  if (s === undefined) return undefined;
  const t = s.trim();
  return t === '' ? undefined : t;
};

const MEDIA = /^(image|video|audio)\//i;

function entryImage(image: Image): EntryImage {
  const type = image.type ?? guessImageType(image.url);
  const renditions = image.renditions === undefined || image.renditions.length === 0 ? NO_RENDITIONS : image.renditions
    .filter((r) => r.url !== image.url)
    .map((r): Rendition => {
      const t = r.type ?? guessImageType(r.url);
      return t ? { url: r.url, width: r.width, height: r.height, type: t } : { url: r.url, width: r.width, height: r.height };
    });
  // The thumbnail is the smallest size known: a rendition smaller than the photo, else the photo.
  const smallest = renditions.length < 2 ? renditions[0] : [...renditions].sort((a, b) => a.width * a.height - b.width * b.height)[0];
  const thumbnail: EntryImage['thumbnail'] =
    smallest && (!image.width || !image.height || smallest.width * smallest.height < image.width * image.height)
      ? { url: smallest.url, width: smallest.width, height: smallest.height }
      : { url: image.url, width: image.width || undefined, height: image.height || undefined };
  const caption = present(image.caption);
  const credit = present(image.credit);
  const photographer = credit === undefined ? undefined : photographerBy(credit);
  // One literal, absent fields undefined: one shape for every entry's image (see toEntry).
  return {
    url: image.url,
    type: type || undefined,
    enclosureType: type || 'application/octet-stream',
    medium: MEDIA.exec(type ?? '')?.[1]!.toLowerCase() ?? 'image',
    caption: caption || undefined,
    credit: credit || undefined,
    rights: present(image.rights) || undefined,
    alt: present(image.alt) || undefined,
    photographer: photographer || undefined,
    width: image.width || undefined,
    height: image.height || undefined,
    length: image.length || undefined,
    renditions,
    thumbnail,
  };
}

// Never changed (as no EntryImage is): one empty list for every image without other sizes.
const NO_RENDITIONS: Rendition[] = [];

// Tags recur (a newsroom has a few hundred): each tag of a view's shape is made once, and kept
// by every entry that has it (one object the collector moves, not one per entry). Never changed.
const tagsByKey = new Map<string, EntryTag>();
function entryTag(term: string, tagUrl: string | undefined, scheme: string | undefined): EntryTag {
  const key = tagUrl === undefined ? term : `${tagUrl}\u0000${term}`;
  let tag = tagsByKey.get(key);
  if (tag === undefined) {
    if (tagsByKey.size >= 8192) tagsByKey.clear();
    tag = { term, url: tagUrl ? tagUrl.replace('{slug}', slugify(term)) : undefined, scheme: scheme || undefined };
    tagsByKey.set(key, tag);
  }
  return tag;
}

// Photo credits recur (a photographer's name on many stories): each is read once (a Unicode regular expression).
const photographerBy = memoized(4096, photographerOf);

// Items share a few licences: each URL is serialized once (parsing it costs more than the rest of the mapping).
const licenseUrlOf = memoized(1024, serializeUrl);

/** The scheme every tag of a view shares: the tag page URL up to its slug. */
function tagScheme(tagUrl: string | undefined): string | undefined {
  const at = tagUrl?.indexOf('{slug}') ?? -1;
  return at > 0 ? tagUrl!.slice(0, at) : undefined;
}

/** The photo a document shows for an item: its own, unless the document withholds it. */
const shownImage = (item: Item, view: FeedView): Image | undefined => (item.image && view.blockedImages.includes(item.image.url) ? undefined : item.image);

/** How an item's body is rendered in a document: one rule for toEntry and for the threads that render ahead (render/bodies.ts). */
export function bodyOptions(item: Item, view: FeedView, opts: { sanitize: boolean; allowDataImages: boolean }): BodyOptions {
  const image = shownImage(item, view);
  const alt = image && present(image.alt);
  return {
    baseUrl: item.url,
    sanitize: opts.sanitize,
    allowDataImages: opts.allowDataImages,
    blockedImages: view.blockedImages,
    allowlist: profileHtml(view),
    ...(alt && { imageAlt: { urls: [image.url, ...(image.renditions ?? []).map((r) => r.url)], alt } }),
  };
}

export function toEntry(item: Item, view: FeedView, opts: { sanitize: boolean; allowDataImages: boolean }): Entry {
  const image = shownImage(item, view);
  const withheld = image ? undefined : item.image;
  const credit = creditLine(item, withheld?.credit);
  const summary = present(item.summary);
  const summaryText = summary === undefined ? undefined : text(summary);
  const bodyHtml =
    view.fullText && item.body
      ? renderBody(item.body, bodyOptions(item, view, opts)).trimEnd()
      : summary
        ? `<p>${summaryText}</p>`
        : '';
  // Config text did not pass the loader: cleaned here, as the renderers only escape.
  const corrected = item.correction === undefined ? undefined : correctionHtml(item.correction, item.updated);
  const tagUrl = view.tagUrl === undefined ? undefined : cleanText(view.tagUrl);
  const scheme = tagScheme(tagUrl);
  const license = present(item.license);
  // A license that is not a URL cannot be a license link (check warns): its text joins the rights.
  const licenseUrl = license !== undefined && /^https?:\/\/\S+$/i.test(license) ? licenseUrlOf(license) : undefined;
  const ownRights = present(item.rights);
  const licenseText = license && !licenseUrl ? `License: ${license}` : undefined;
  const rights = ownRights && licenseText ? `${ownRights} ${licenseText}` : (ownRights ?? licenseText);
  // Every field in one literal, absent ones undefined: every entry has the same shape, so the
  // writers' reads of its fields stay monomorphic (fields added one by one gave entries many shapes).
  return {
    id: item.id,
    idIsUrl: item.id === item.url,
    atomId: atomIdOf(item),
    url: item.url,
    title: item.title,
    published: item.published,
    updated: item.updated,
    pubDate: profilePubDate(view) === 'updated' ? item.updated : item.published,
    summary,
    summaryHtml: summary ? summaryText : undefined,
    bodyHtml: corrected === undefined ? bodyHtml : bodyHtml === '' ? corrected : `${corrected}\n${bodyHtml}`,
    creditHtml: `<p class="credit">${text(credit)}</p>`,
    credit,
    byline: joinNames(item.authors.map((a) => a.name)),
    authors: item.authors,
    contributors: item.contributors,
    source: item.source || undefined,
    image: image ? entryImage(image) : undefined,
    tags: item.tags.map((term) => entryTag(term, tagUrl, scheme)),
    rights: rights || undefined,
    license: licenseUrl || undefined,
    language: item.language || undefined,
    embargo: item.syndication.embargo,
    correction: item.correction,
    version: liveVersion(item),
    pubstatus: 'usable',
    expires: item.syndication.expires,
  };
}

/**
 * The content every format carries: the body, a newline, the credit paragraph; as two pieces,
 * the body and the rest, for a writer to put one after the other. Each writer passes its own
 * escaping (and its own way of writing the newline): the pieces are escaped apart, and a long
 * body is never copied into a joined string, only to be copied again when written. That is the
 * escaping of the joined string, as escaping (and removing forbidden characters) goes character
 * by character and the newline keeps a surrogate pair from spanning the two.
 */
export function content(e: Entry, write: (html: string) => string, newline = '\n'): [body: string, rest: string] {
  return e.bodyHtml === '' ? ['', write(e.creditHtml)] : [write(e.bodyHtml), `${newline}${write(e.creditHtml)}`];
}

// What plainContent found for the last entry it was asked about, with the strings it looked at:
// a document's formats are written item by item (render/index.ts assemble), so the other formats
// of the same entry ask next; should the entry's content change, it looks again. (The last only:
// a WeakMap of every entry cost more, in lookups and in the collector's work, than it saved.)
let lastSeen: { entry?: Entry; body: string; credit: string; plain: boolean; simple: boolean } = { body: '', credit: '', plain: true, simple: true };

// What `suspect` names (the same class), and tab, CR, `\` and `]`: a content without any goes
// into a CDATA section as it is (render/shared.ts contentXml), and JSON Feed has only `"` and LF
// to escape in it (jsonfeed.ts jsonSimple), both known from this one scan. A content with any
// is looked at again by the slower rules.
const ODD = new RegExp(`[${SUSPECT_CHARS}\\t\\r\\\\\\]]`);

function seen(e: Entry): { plain: boolean; simple: boolean } {
  const known = lastSeen;
  if (known.entry === e && known.body === e.bodyHtml && known.credit === e.creditHtml) return known;
  const simple = !ODD.test(e.bodyHtml) && !ODD.test(e.creditHtml);
  lastSeen = { entry: e, body: e.bodyHtml, credit: e.creditHtml, plain: simple || (!suspect(e.bodyHtml) && !suspect(e.creditHtml)), simple };
  return lastSeen;
}

/**
 * Whether the entry's content holds none of the characters `suspect` names, so that a format's
 * escaping has only its few ASCII characters to find. Asked once per entry for all formats.
 */
export const plainContent = (e: Entry): boolean => seen(e).plain;

/** Whether it holds no such character, and no tab, CR, `\` or `]` either (from the same scan). */
export const simpleContent = (e: Entry): boolean => seen(e).simple;

// Dates are formatted per item in every format: the day's part is kept, the time of day computed.
const DAY_MS = 86_400_000;
// The day's part of each format, once per day: "2026-12-01T" and "Tue, 01 Dec 2026 ".
const isoDay = memoized(4096, (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 11));
const utcDay = memoized(4096, (day: number) => new Date(day * DAY_MS).toUTCString().slice(0, 17));
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** RFC 3339 in UTC, without milliseconds when there are none (as toISOString, less ".000"). */
export function rfc3339(at: number): string {
  // Atom's entry and JSON Feed's item of the same entry often ask for the same time one after the other (published when never updated).
  if (at === last3339.at) return last3339.text;
  const text = rfc3339Of(at);
  last3339 = { at, text };
  return text;
}

let last3339 = { at: NaN, text: '' };

function rfc3339Of(at: number): string {
  const ms = Math.trunc(at); // as Date does
  // Years 0000–9999 only: outside them toISOString writes six-digit years, and NaN throws.
  if (!(ms >= -62_167_219_200_000 && ms <= 253_402_300_799_999)) return fromIso(ms);
  const day = Math.floor(ms / DAY_MS);
  const date = isoDay(day);
  const t = ms - day * DAY_MS;
  const milli = t % 1000;
  const sec = (t - milli) / 1000;
  const time = `${two(Math.floor(sec / 3600))}:${two(Math.floor(sec / 60) % 60)}:${two(sec % 60)}`;
  return milli === 0 ? `${date}${time}Z` : `${date}${time}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

function fromIso(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** RFC 822 with a four-digit year, in GMT: independent of the machine's zone and locale (toUTCString, the day's part kept). */
export function rfc822(at: number): string {
  const ms = Math.trunc(at);
  // 1970–9999 only: the years toUTCString writes with four digits, as the day's part assumes.
  if (!(ms >= 0 && ms <= 253_402_300_799_999)) return new Date(ms).toUTCString();
  const day = Math.floor(ms / DAY_MS);
  const date = utcDay(day);
  const sec = Math.floor((ms - day * DAY_MS) / 1000);
  return `${date}${two(Math.floor(sec / 3600))}:${two(Math.floor(sec / 60) % 60)}:${two(sec % 60)} GMT`;
}

