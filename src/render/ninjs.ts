// IPTC ninjs (News in JSON) for partners' ingest systems: one document per item, mapped from
// the same Entry the feeds write (entry.ts), in IPTC 2.2, IPTC 1.6 or the 1.x dialect
// Superdesk's ninjs ingest reads; and an index of a partner document's items for a poller.
// docs/ninjs.md has the mapping table, field by field, beside the feeds'.
import { createHash } from 'node:crypto';
import { joinNames } from '../attribution.js';
import { memoized } from '../memo.js';
import { slugify } from '../slug.js';
import type { FeedView, NinjsVersion, RenderedFeed } from '../types.js';
import { content, rfc3339, tagUriOf, type Entry, type EntryImage, type TombstoneEntry } from './entry.js';
import { tombstonesOf } from './tombstones.js';

// ninjs has no media type of its own.
export const NINJS_CONTENT_TYPE = 'application/json; charset=utf-8';

export const NINJS_SCHEMAS: Record<'2.2' | '1.6', string> = {
  '2.2': 'http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json',
  '1.6': 'http://www.iptc.org/std/ninjs/ninjs-schema_1.6.json',
};

export type PubStatus = 'usable' | 'withheld' | 'canceled';

/** Where the item stands in its life: what `version` and `pubstatus` say. */
export interface NinjsLife {
  /** 1 for the story as first published, one more for each correction. */
  version: number;
  pubstatus: PubStatus;
}

/** How an entry's life is told: the default knows only `published` and `updated`. */
export type LifeOf = (e: Entry) => NinjsLife;

/**
 * The live story's life as the mapping tells it (src/version.ts: an item keeps only its latest
 * correction, so 1 or 2). Kills are not entries: they come from the view's tombstones
 * (toNinjsKill). `lifeOf` in renderNinjs lets a caller tell another life without a new mapping.
 */
export const itemLife: LifeOf = (e) => ({ version: e.version, pubstatus: e.pubstatus });

/** RFC 3339 in UTC, whole seconds, `…Z`: Superdesk refuses fractions and offsets, so every version has none. */
export const ninjsTime = (ms: number) => rfc3339(Math.floor(ms / 1000) * 1000);

// RFC 3986 URIs, as the IPTC schemas' `format: uri` (ajv-formats) checks them. The feeds
// carry IRIs and URLs as given; ninjs gets them percent-encoded where they need it.
const PCT = '%[0-9A-Fa-f]{2}';
const PCHAR = `(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@]|${PCT})`;
const QUERY = `(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@/?]|${PCT})*`;
const USERINFO = `(?:[A-Za-z0-9\\-._~!$&'()*+,;=:]|${PCT})*`;
const HOST = `(?:[A-Za-z0-9\\-._~!$&'()*+,;=]|${PCT})*`;
const URI = new RegExp(
  `^(?:https?://(?:${USERINFO}@)?${HOST}(?::\\d*)?(?:/${PCHAR}*)*|(?:urn|tag|mailto):${PCHAR}+(?:/${PCHAR}*)*)(?:\\?${QUERY})?(?:#${QUERY})?$`,
  'i',
);
const KEPT = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?]/;
const HEX2 = /^[0-9A-Fa-f]{2}/;

/** Every character a URI may not hold, percent-encoded as UTF-8 (RFC 3987 §3.1); a second `#` too. */
function percentEncoded(s: string): string {
  let out = '';
  let fragment = false;
  let at = 0;
  for (const ch of s) {
    at += ch.length;
    if (ch === '#' && !fragment) {
      fragment = true;
      out += ch;
    } else if (KEPT.test(ch) || (ch === '%' && HEX2.test(s.slice(at, at + 2)))) out += ch;
    // A lone surrogate becomes U+FFFD's bytes, as Buffer writes it.
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The text as an RFC 3986 URI, or undefined when no encoding makes it one. */
export function asUri(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  if (URI.test(s)) return s;
  const encoded = percentEncoded(s);
  return URI.test(encoded) ? encoded : undefined;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The item's `uri`: its id (Atom's tag: URI for an id that is not one), percent-encoded where needed. */
export function ninjsUri(e: Pick<Entry, 'id' | 'atomId' | 'url' | 'published'>): string {
  const hex = sha256(e.id);
  return (
    asUri(e.atomId) ??
    asUri(tagUriOf(e)) ??
    `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
  );
}

/**
 * The item document's file name: a slug of the id's last part, for a person reading a
 * listing, and a hash of the whole id, which keeps two ids apart. Safe on every file system.
 * Asked for every story of a partner's archive on every run (the documents' paths): remembered.
 */
export const ninjsFileName: (id: string) => string = memoized(1 << 17, (id: string) => fileNameOf(id));

function fileNameOf(id: string): string {
  const last = id.replace(/[?#][\s\S]*$/, '').replace(/\/+$/, '').split(/[/:]/).pop() ?? '';
  const slug = (last ? slugify(last) : 'item').slice(0, 60).replace(/-+$/, '');
  return `${slug || 'item'}-${sha256(id).slice(0, 12)}.json`;
}

// Rights text is one statement; ninjs has three fields for it. A sentence that claims the
// copyright is the notice, the others are the usage terms; the holder is who the claim names.
const CLAIM = /©|\(c\)|\bcopyright\b/iu;
const HOLDER = /(?:©|\(c\)|\bcopyright\b)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?([^.;,©]+)/giu;

export interface RightsParts {
  holder?: string;
  notice?: string;
  terms?: string;
}

/** "© 2026 TT. English edition © 2026 Sweden Herald. Used under licence." → holder "TT and Sweden Herald", notice, terms. */
export function rightsParts(rights: string | undefined, licenseUrl?: string): RightsParts {
  const out: RightsParts = {};
  const sentences = rights ? rights.split(/(?<=[.!?])\s+/).filter((s) => s.trim() !== '') : [];
  const claims = sentences.filter((s) => CLAIM.test(s));
  const holders = [...new Set([...(rights ?? '').matchAll(HOLDER)].map((m) => m[1]!.trim()).filter((h) => /\p{L}/u.test(h)))];
  if (holders.length) out.holder = joinNames(holders);
  // A statement that claims nothing is still the notice: it is what the feeds carry as rights.
  if (rights) out.notice = claims.length ? claims.join(' ') : rights;
  const terms = [...(claims.length ? sentences.filter((s) => !CLAIM.test(s)) : []), licenseUrl ? `License: ${licenseUrl}` : ''];
  const t = terms.filter(Boolean).join(' ');
  if (t) out.terms = t;
  return out;
}

type Json = Record<string, unknown>;

/** Members in the order given; absent values and empty lists left out. */
const members = (pairs: [string, unknown][]): Json =>
  Object.fromEntries(pairs.filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));

const flat = (version: NinjsVersion) => version !== '2.2';

/** The image's alt text (EntryImage carries it from `image.alt`). */
const altOf = (image: EntryImage) => image.alt;

/** The other sizes of the photo (`image.renditions`), each named by its size: "800x533". */
const sizes = (image: EntryImage) =>
  image.renditions.flatMap((r) => {
    const href = asUri(r.url);
    return href ? [{ name: `${r.width}x${r.height}`, href, type: r.type, width: r.width, height: r.height }] : [];
  });

/** The photo as a picture association: its own credit, caption, alt text, rights and rendition. */
function picture(image: EntryImage, version: NinjsVersion): Json | undefined {
  const uri = asUri(image.url);
  if (!uri) return undefined;
  const alt = altOf(image);
  const r = rightsParts(image.rights);
  // The photo as given ("original"), then one rendition per other size.
  const size: [string, unknown][] = [
    ['width', image.width],
    ['height', image.height],
    ['sizeinbytes', image.length],
  ];
  const rights: [string, unknown][] = [
    ['copyrightholder', r.holder],
    ['copyrightnotice', r.notice],
    ['usageterms', r.terms],
  ];
  if (!flat(version)) {
    return members([
      ['name', 'featuremedia'],
      ['uri', uri],
      ['type', 'picture'],
      ['by', image.credit],
      ['headlines', image.caption ? [{ role: 'main', value: image.caption }] : []],
      [
        'descriptions',
        [
          ...(image.caption ? [{ role: 'caption', contenttype: 'text/plain', value: image.caption }] : []),
          ...(alt ? [{ role: 'alt', contenttype: 'text/plain', value: alt }] : []),
        ],
      ],
      ...rights,
      [
        'renditions',
        [
          members([['name', 'original'], ['href', uri], ['contenttype', image.type], ...size]),
          ...sizes(image).map((r) => members([['name', r.name], ['href', r.href], ['contenttype', r.type], ['width', r.width], ['height', r.height]])),
        ],
      ],
    ]);
  }
  return members([
    ['uri', uri],
    ['guid', version === 'superdesk' ? uri : undefined],
    ['type', 'picture'],
    ['byline', image.credit],
    ['headline', image.caption],
    ['description_text', image.caption],
    // Superdesk takes a picture's body_text as its alt text.
    ['body_text', alt],
    ...rights,
    [
      'renditions',
      {
        original: members([['href', uri], ['mimetype', image.type], ...size]),
        // Superdesk reads the original only (its dialect has no other name).
        ...(version === 'superdesk' ? {} : Object.fromEntries(sizes(image).map((r) => [r.name, members([['href', r.href], ['mimetype', r.type], ['width', r.width], ['height', r.height]])]))),
      },
    ],
  ]);
}

/** `$standard` (1.x) or `standard` (2.x): which ninjs the document follows. */
const standardOf = (version: NinjsVersion): [string, unknown] => {
  const std = flat(version) ? '1.6' : '2.2';
  return [flat(version) ? '$standard' : 'standard', { name: 'ninjs', version: std, schema: NINJS_SCHEMAS[std] }];
};

/** The members that name the story and its version, the same in its document and in its kill. */
const identity = (uri: string, version: NinjsVersion, n: number): [string, unknown][] => [
  ['uri', uri],
  ['guid', version === 'superdesk' ? uri : undefined],
  ['type', 'text'],
  ['version', String(n)],
];

/** One item as a ninjs document (an object, in the member order it is written). */
export function toNinjs(e: Entry, version: NinjsVersion, life: NinjsLife, language: string): Json {
  const uri = ninjsUri(e);
  const [body, rest] = content(e, (html) => html);
  const html = body + rest;
  const rights = rightsParts(e.rights, e.license);
  const license = asUri(e.license);
  const image = e.image ? picture(e.image, version) : undefined;
  const head: [string, unknown][] = [
    ...identity(uri, version, life.version),
    ['firstcreated', ninjsTime(e.published)],
    ['versioncreated', ninjsTime(e.updated)],
    ['embargoed', e.embargo === undefined ? undefined : ninjsTime(e.embargo)],
    ['expires', e.expires === undefined ? undefined : ninjsTime(e.expires)],
    ['pubstatus', life.pubstatus],
    standardOf(version),
    ['copyrightholder', rights.holder],
    ['copyrightnotice', rights.notice],
    ['usageterms', rights.terms],
    ['rightsinfo', license ? { linkedrights: license } : undefined],
    ['language', e.language ?? language],
  ];
  if (!flat(version)) {
    return members([
      ...head,
      ['altids', uri === e.id ? [] : [{ role: 'id', value: e.id }]],
      ['headlines', [{ role: 'main', value: e.title }]],
      ['descriptions', e.summary ? [{ role: 'summary', contenttype: 'text/plain', value: e.summary }] : []],
      ['bodies', [{ role: 'main', contenttype: 'text/html', value: html }]],
      ['by', e.credit],
      [
        'infosources',
        [
          ...e.authors.map((a) => members([['name', a.name], ['role', 'author'], ['uri', asUri(a.url ?? (a.email ? `mailto:${a.email}` : undefined))]])),
          ...e.contributors.map((c) => members([['name', c.name], ['role', c.role], ['uri', asUri(c.url)]])),
          ...(e.source ? [members([['name', e.source.name], ['role', 'source'], ['uri', asUri(e.source.url)]])] : []),
        ],
      ],
      ['subjects', e.tags.map((t) => members([['name', t.term], ['uri', asUri(t.url)], ['literal', slugify(t.term)]]))],
      ['renditions', [{ name: 'web', href: asUri(e.url), contenttype: 'text/html' }]],
      ['associations', image ? [image] : []],
    ]);
  }
  const superdesk = version === 'superdesk';
  return members([
    ...head,
    ['altids', uri === e.id ? undefined : { id: e.id }],
    ['headline', e.title],
    ['description_text', e.summary],
    ['body_html', html],
    ['byline', e.credit],
    [
      'infosource',
      [
        ...e.authors.map((a) => ({ name: a.name, rel: 'author' })),
        ...e.contributors.map((c) => ({ name: c.name, rel: c.role })),
        ...(e.source ? [{ name: e.source.name, rel: 'source' }] : []),
      ],
    ],
    // Superdesk's own keys (docs/ninjs.md, "Superdesk"): not ninjs 1.6 properties.
    ['authors', superdesk ? [...e.authors.map((a) => ({ name: a.name, role: 'writer' })), ...e.contributors.map((c) => ({ name: c.name, role: c.role }))] : []],
    ['source', superdesk ? e.source?.name : undefined],
    ['subject', e.tags.map((t) => members([['name', t.term], ['code', slugify(t.term)], ['scheme', asUri(t.scheme)]]))],
    // A text item's renditions mean nothing to Superdesk, which reads them for pictures.
    ['renditions', superdesk ? undefined : { web: { href: asUri(e.url), mimetype: 'text/html' } }],
    ['associations', image ? { featuremedia: image } : undefined],
  ]);
}

/**
 * A killed story, for its tombstone window: the same `uri` and file, one version more,
 * `pubstatus: canceled`, and nothing of its content (no headline, body, photo or credit);
 * the reason is the only description. An ingest system takes the story down on reading it.
 */
export function toNinjsKill(t: TombstoneEntry, version: NinjsVersion, language: string): Json {
  const uri = ninjsUri(t);
  const head: [string, unknown][] = [
    ...identity(uri, version, t.version),
    ['firstcreated', ninjsTime(t.published)],
    ['versioncreated', ninjsTime(t.when)],
    ['pubstatus', t.pubstatus],
    standardOf(version),
    ['language', language],
  ];
  return flat(version)
    ? members([...head, ['altids', uri === t.id ? undefined : { id: t.id }], ['description_text', t.reason]])
    : members([
        ...head,
        ['altids', uri === t.id ? [] : [{ role: 'id', value: t.id }]],
        ['descriptions', [{ role: 'kill-reason', contenttype: 'text/plain', value: t.reason }]],
      ]);
}

const json = (doc: unknown) => `${JSON.stringify(doc, null, 2)}\n`;


/**
 * What a partner's ninjs index says of one story, besides what names its file: enough to write
 * its row without its entry (a run that copies an unchanged story's row keeps these, not the entry).
 */
export interface NinjsRef {
  id: string;
  updated: number;
  published: number;
  uri: string;
  life: NinjsLife;
}

/** An entry's row in its document's ninjs index. */
export const ninjsRef = (e: Entry, lifeOf: LifeOf = itemLife): NinjsRef => ({ id: e.id, updated: e.updated, published: e.published, uri: ninjsUri(e), life: lifeOf(e) });

/**
 * A partner document's ninjs: its index, then one document per item. `lifeOf` tells each
 * item's version and status (kills and corrections pass theirs here).
 */
export function renderNinjs(
  view: FeedView,
  entries: readonly Entry[],
  lifeOf: LifeOf = itemLife,
  /**
   * The entry a story's own document is written from (the index needs only what names each
   * story, which `entries` has), or undefined for a document left as it is on disk.
   */
  story: (index: number, path: string) => Entry | undefined = (i) => entries[i],
): RenderedFeed[] {
  return renderNinjsRefs(
    view,
    entries.map((e) => ninjsRef(e, lifeOf)),
    story,
  );
}

/** renderNinjs from each story's index row (NinjsRef): the entries are asked for only by the stories' own documents. */
export function renderNinjsRefs(view: FeedView, refs: readonly NinjsRef[], story: (index: number, path: string) => Entry | undefined): RenderedFeed[] {
  const n = view.ninjs;
  if (!n) return [];
  const docs = refs.map((r) => ({ r, file: ninjsFileName(r.id) }));
  const kills = tombstonesOf(view).map((t) => ({ t, file: ninjsFileName(t.id) }));
  const index = members([
    ['title', view.title],
    ['ninjs_version', n.version],
    ['updated', ninjsTime(view.updated)],
    [
      'links',
      members([
        ['self', n.links.self],
        // WebSub: a poller may subscribe to the index instead (the run pings the hub when it changes).
        ['hub', view.links.hub],
        ['current', n.links.current],
        ['prev-archive', n.links.prevArchive],
        ['next-archive', n.links.nextArchive],
      ]),
    ],
    ['archive', view.archive || undefined],
    ['complete', view.complete || undefined],
  ]);
  const rows = [
    ...docs.map(({ r, file }) => ({ at: r.updated, published: r.published, id: r.id, uri: r.uri, version: r.life.version, pubstatus: r.life.pubstatus, file })),
    ...kills.map(({ t, file }) => ({ at: t.when, published: t.published, id: t.id, uri: ninjsUri(t), version: t.version, pubstatus: t.pubstatus, file })),
  ];
  index.items = rows
    .sort((a, b) => b.at - a.at || b.published - a.published || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => ({
      uri: r.uri,
      version: String(r.version),
      versioncreated: ninjsTime(r.at),
      pubstatus: r.pubstatus,
      url: `${n.items.url}${r.file}`,
    }));
  return [
    { path: n.index, contentType: NINJS_CONTENT_TYPE, body: json(index) },
    ...docs.flatMap(({ r, file }, i) => {
      const path = `${n.items.dir}/${file}`;
      const e = story(i, path);
      return e ? [{ path, contentType: NINJS_CONTENT_TYPE, body: json(toNinjs(e, n.version, r.life, view.language)) }] : [];
    }),
    // A kill is on the subscription document and on its story's archive page: its one file is written from the first.
    ...(view.archive ? [] : kills).map(({ t, file }) => ({
      path: `${n.items.dir}/${file}`,
      contentType: NINJS_CONTENT_TYPE,
      body: json(toNinjsKill(t, n.version, view.language)),
    })),
  ];
}

/** The paths renderNinjs writes for a view, without rendering: the parse cache's list of its files. */
export function ninjsPaths(view: FeedView): string[] {
  const n = view.ninjs;
  return n
    ? [n.index, ...[...view.items, ...(view.archive ? [] : (view.tombstones ?? []))].map((i) => `${n.items.dir}/${ninjsFileName(i.id)}`)]
    : [];
}
