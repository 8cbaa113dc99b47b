// JSON Feed 1.1. What the spec has no field for travels in the `_attribution` extension.
import type { FeedView, Person, Rendition } from '../types.js';
import { content, plainContent, rfc3339, simpleContent, type Entry, type EntryTag } from './entry.js';
import { memoized } from '../memo.js';
import { tombstonesOf } from './tombstones.js';

const compact = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;

// Each item is written by hand, in exactly the layout JSON.stringify(feed, null, 2) gives it
// (members in this order, absent and empty-list members left out as compact() does): a generic
// stringify of an object per item costs several times more than the strings themselves.

// A string as JSON.stringify writes it (well-formed: a lone surrogate as \uXXXX, lower-case hex),
// by one regular-expression pass, which for long HTML bodies is about twice as fast. One
// character class (a surrogate that is half of a pair is kept, below) scans faster than
// alternatives with look-around.
const JSON_SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/;
const JSON_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/g;
const hex = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
const jsonEscape = (c: string, at: number, s: string): string => {
  switch (c) {
    case '"': return '\\"';
    case '\\': return '\\\\';
    case '\n': return '\\n';
    case '\r': return '\\r';
    case '\t': return '\\t';
    case '\b': return '\\b';
    case '\f': return '\\f';
  }
  const code = c.charCodeAt(0);
  if (code < 0xd800) return hex(code);
  const paired =
    code <= 0xdbff
      ? (s.charCodeAt(at + 1) & 0xfc00) === 0xdc00
      : (s.charCodeAt(at - 1) & 0xfc00) === 0xd800;
  return paired ? c : hex(code);
};
// Long strings (bodies) always hold a quote or a newline: no test first.
const jsonInner = (s: string): string => (s.length > 256 || JSON_SPECIAL.test(s) ? s.replace(JSON_ESCAPE, jsonEscape) : s);
export const jsonString = (s: string): string => `"${jsonInner(s)}"`;

/**
 * jsonInner of a string without suspect characters (items/clean.ts: no control but tab, LF and
 * CR, no surrogate), for a plain body: only five characters to escape, each found by indexOf,
 * the nearest taken each time (see escapeChars in xml.ts), about three times as fast.
 */
export function jsonPlain(s: string): string {
  const n = s.length;
  const next = (c: string, from: number) => {
    const i = s.indexOf(c, from);
    return i < 0 ? n : i;
  };
  let quote = next('"', 0);
  let lf = next('\n', 0);
  let backslash = next('\\', 0);
  let cr = next('\r', 0);
  let tab = next('\t', 0);
  let out = '';
  let last = 0;
  for (;;) {
    let at: number;
    let by: string;
    if (quote < lf && quote < backslash && quote < cr && quote < tab) {
      at = quote;
      by = '\\"';
      quote = next('"', at + 1);
    } else if (lf < backslash && lf < cr && lf < tab) {
      at = lf;
      by = '\\n';
      lf = next('\n', at + 1);
    } else if (backslash < cr && backslash < tab) {
      at = backslash;
      by = '\\\\';
      backslash = next('\\', at + 1);
    } else if (cr < tab) {
      at = cr;
      by = '\\r';
      cr = next('\r', at + 1);
    } else if (tab < n) {
      at = tab;
      by = '\\t';
      tab = next('\t', at + 1);
    } else break;
    out += s.slice(last, at) + by;
    last = at + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

/**
 * jsonPlain of a string that holds no tab, CR or backslash either (entry.ts simpleContent): only
 * `"` and LF to escape, and no scan of the whole string for the three that are not there.
 */
export function jsonSimple(s: string): string {
  const n = s.length;
  let quote = s.indexOf('"');
  let lf = s.indexOf('\n');
  if (quote < 0) quote = n;
  if (lf < 0) lf = n;
  let out = '';
  let last = 0;
  for (;;) {
    let at: number;
    if (quote < lf) {
      at = quote;
      out += `${s.slice(last, at)}\\"`;
      quote = s.indexOf('"', at + 1);
      if (quote < 0) quote = n;
    } else if (lf < n) {
      at = lf;
      out += `${s.slice(last, at)}\\n`;
      lf = s.indexOf('\n', at + 1);
      if (lf < 0) lf = n;
    } else break;
    last = at + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

// Line starts at the depths an item reaches: its members, their members, and so on.
const D3 = '\n      ';
const D4 = '\n        ';
const D5 = '\n          ';

/** ,\n<pad>"key": "value" — or nothing for an absent value. */
const member = (pad: string, key: string, value: string | undefined) => (value === undefined ? '' : `,${pad}"${key}": ${jsonString(value)}`);

/** The same, its `,\n<pad>"key": "` made once (see keysAt): a string member per line of an item. */
const m = (opening: string, value: string | undefined) => (value === undefined ? '' : `${opening}${jsonInner(value)}"`);

/** Each key's `,\n<pad>"key": "` at one depth. */
function keysAt<K extends string>(pad: string, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, `,${pad}"${k}": "`])) as Record<K, string>;
}

const K3 = keysAt(D3, ['url', 'external_url', 'title', 'summary', 'image', 'language']);
const K4 = keysAt(D4, ['url', 'canonical_url', 'rights', 'license', 'correction', 'corrected', 'expires']);
const K5 = keysAt(D5, ['url', 'mime_type', 'title', 'caption', 'credit', 'rights', 'alt']);

/** A record of the item's own (Person, Contributor, Source) as compact() then JSON.stringify wrote it; `pad` is its own line start. */
function record(o: object, pad: string): string {
  let out = '';
  const inner = `${pad}  `;
  for (const key of Object.keys(o)) {
    const v = (o as Record<string, unknown>)[key];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    const json = typeof v === 'string' ? jsonString(v) : JSON.stringify(v, null, 2)?.replaceAll('\n', inner);
    if (json !== undefined) out += `${out ? ',' : ''}${inner}${keyOf(key)}${json}`;
  }
  return out ? `{${out}${pad}}` : '{}';
}

// `"key": ` for each key a record has: a record's few keys recur in every item.
const keyOf = memoized(256, (key: string) => `${jsonString(key)}: `);

/** A list member whose elements come from `write`, or nothing when the list is empty. */
function list<T>(pad: string, key: string, items: readonly T[], write: (x: T) => string): string {
  if (items.length === 0) return '';
  let out = `,${pad}"${key}": [`;
  for (let i = 0; i < items.length; i++) out += `${i ? ',' : ''}${pad}  ${write(items[i]!)}`;
  return `${out}${pad}]`;
}

// The writers of an item's lists, made once, not per item.
const authorUrl = (a: Person) => a.url ?? (a.email ? `mailto:${a.email}` : undefined);
const authorJson = (a: Person) => `{${D5}"name": ${jsonString(a.name)}${m(K5.url, authorUrl(a))}${D4}}`;
const tagJson = (t: EntryTag) => jsonString(t.term);
const recordD5 = (o: object) => record(o, D5);
const D6 = `${D5}  `;
const renditionJson = (r: Rendition) =>
  `{${D6}  "url": ${jsonString(r.url)},${D6}  "width": ${r.width},${D6}  "height": ${r.height}${member(`${D6}  `, 'type', r.type)}${D6}}`;

/** One item, as it stands at depth two of the document (its own lines indented by four), in pieces, its content's body one of its own (see rss.ts). */
function itemJson(e: Entry): string[] {
  const image = e.image;
  // external_url: the original article, which gofeed and JSON Feed readers read (`_attribution` no client does).
  let s = `{${D3}"id": ${jsonString(e.id)}${m(K3.url, e.url)}${m(K3.external_url, e.source?.url)}${m(K3.title, e.title)}${m(K3.summary, e.summary)},${D3}"content_html": "`;
  const parts = content(e, simpleContent(e) ? jsonSimple : plainContent(e) ? jsonPlain : jsonInner, '\\n');
  const head = s;
  s = `${parts[1]}"${m(K3.image, image?.url)}`;
  const published = rfc3339(e.published);
  s += `,${D3}"date_published": "${published}",${D3}"date_modified": "${e.updated === e.published ? published : rfc3339(e.updated)}"`;
  // JSON Feed 1.0's single `author`, which 1.1 keeps for older readers (gofeed's Author reads
  // only it): the whole byline in one name, so such a reader shows every author.
  if (e.byline !== '') {
    const url = e.authors.length === 1 ? authorUrl(e.authors[0]!) : undefined;
    s += `,${D3}"author": {${D4}"name": ${jsonString(e.byline)}${m(K4.url, url)}${D3}}`;
  }
  s += list(D3, 'authors', e.authors, authorJson);
  s += list(D3, 'tags', e.tags, tagJson);
  s += m(K3.language, e.language);
  if (image) {
    const size = image.length === undefined ? '' : `,${D5}"size_in_bytes": ${JSON.stringify(image.length)}`;
    // Attachments that share a title are one thing in several forms (JSON Feed 1.1): the
    // renditions share the photo's caption (or its alt text, or the headline) with it.
    const title = image.renditions.length ? (image.caption ?? image.alt ?? (e.title || undefined)) : image.caption;
    const titleJson = m(K5.title, title);
    s += `,${D3}"attachments": [${D4}{${D5}"url": ${jsonString(image.url)}${m(K5.mime_type, image.enclosureType)}${titleJson}${size}${D4}}`;
    for (const r of image.renditions)
      s += `,${D4}{${D5}"url": ${jsonString(r.url)}${m(K5.mime_type, r.type ?? 'application/octet-stream')}${titleJson}${D4}}`;
    s += `${D3}]`;
  }
  s += `,${D3}"_attribution": {${D4}"credit": ${jsonString(e.credit)}${m(K4.canonical_url, e.url)}`;
  s += list(D4, 'authors', e.authors, recordD5);
  s += list(D4, 'contributors', e.contributors, recordD5);
  if (e.source) s += `,${D4}"source": ${record(e.source, D4)}`;
  if (image) {
    const sizes = list(D5, 'renditions', image.renditions, renditionJson);
    s += `,${D4}"image": {${D5}"url": ${jsonString(image.url)}${m(K5.caption, image.caption)}${m(K5.credit, image.credit)}${m(K5.rights, image.rights)}${m(K5.alt, image.alt)}${sizes}${D4}}`;
  }
  s += `${m(K4.rights, e.rights)}${m(K4.license, e.license)}${D3}}`;
  // The story's life: its correction (structured, beside the note in content_html) and its licence's end.
  if (e.correction !== undefined || e.expires !== undefined) {
    const version = e.correction === undefined ? '' : `,${D4}"version": ${e.version}`;
    const fields = `${m(K4.correction, e.correction)}${m(K4.corrected, e.correction === undefined ? undefined : rfc3339(e.updated))}${version}${m(K4.expires, e.expires === undefined ? undefined : rfc3339(e.expires))}`;
    s += `,${D3}"_wirefeed": {${fields.slice(1)}${D3}}`;
  }
  return [head, parts[0], `${s}\n    }`];
}

/** The document up to its items' list, opened: `…"items": [`. */
export function jsonFeedHead(view: FeedView): string {
  const feed = compact({
    version: 'https://jsonfeed.org/version/1.1',
    title: view.title,
    home_page_url: view.homeUrl,
    feed_url: view.links.self.json,
    description: view.description,
    icon: view.icon,
    language: view.language,
    hubs: view.links.hub ? [{ type: 'WebSub', url: view.links.hub }] : undefined,
    // RFC 5005's paging, in JSON Feed's terms: next_url leads back to older items.
    next_url: view.links.prevArchive?.json,
    _wirefeed: compact({
      updated: rfc3339(view.updated),
      rights: view.rights,
      archive: view.archive || undefined,
      complete: view.complete || undefined,
      current: view.links.current?.json,
      next_archive: view.links.nextArchive?.json,
      // RFC 6721's tombstones in JSON Feed terms: the stories withdrawn from this document, and why.
      deleted: tombstonesOf(view).map((t) => ({ id: t.id, when: rfc3339(t.when), reason: t.reason })),
    }),
  });
  // items is required even when empty, so it is added after compact().
  const head = JSON.stringify({ ...feed, items: [] }, null, 2);
  return head.slice(0, head.lastIndexOf('[]') + 1);
}

/** One item as it stands in the list (its separator is jsonFeedSeparator's). */
export const jsonFeedItem = (e: Entry): string[] => itemJson(e);

/** What goes before the item at `index` of the list. */
export const jsonFeedSeparator = (index: number): string => (index === 0 ? '\n    ' : ',\n    ');

/** What closes a list of `count` items and the document: the layout of JSON.stringify(feed, null, 2). */
export const jsonFeedTail = (count: number): string => (count === 0 ? ']\n}\n' : '\n  ]\n}\n');

/** The same bytes as JSON.stringify(feed, null, 2), one item at a time. */
export function renderJsonFeed(view: FeedView, entries: Entry[]): string {
  return jsonFeedHead(view) + entries.map((e, i) => jsonFeedSeparator(i) + itemJson(e).join('')).join('') + jsonFeedTail(entries.length);
}
