// A fast check of the plain item nearly every file holds, for speed only: at archive scale the
// schema library's walk of every item was a fifth of a cold build's parsing. Like fast-yaml.ts
// it never decides anything on its own. It takes a subset of what itemSchema (schema.ts)
// accepts and gives exactly what itemSchema gives for it (same values, same key order);
// anything else (an email address, a `withdrawn` record, a value of an unexpected type, any
// field that would fail) returns undefined, and the caller asks itemSchema, which also gives
// every message. test/items/fast-fields.test.ts checks the two agree, on generated and on
// real items.
import { serializeUrl } from '../url.js';
import { MAX_LINE_CHARS } from '../limits.js';
import { parseRfc3339 } from '../time.js';
import type { ItemFields } from './schema.js';

class Outside extends Error {}
const OUT = new Outside();
const outside = (): never => {
  throw OUT;
};

type Data = Record<string, unknown>;

const isObject = (v: unknown): v is Data => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Only the keys in `known`, as own data: a strict object with nothing unexpected. */
function keysIn(v: unknown, known: ReadonlySet<string>): Data {
  if (!isObject(v) || Object.getPrototypeOf(v) !== Object.prototype) outside();
  for (const k in v as Data) if (!known.has(k)) outside();
  // An inherited or non-enumerable key would be unseen above: never in JSON or YAML data, left to the schema.
  return v as Data;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : outside());

/** schema's nonEmpty: at most MAX_LINE_CHARS before trimming, non-empty after. */
function nonEmpty(v: unknown): string {
  const s = str(v);
  if (s.length > MAX_LINE_CHARS) outside();
  const t = s.trim();
  return t === '' ? outside() : t;
}

const url = (v: unknown): string => serializeUrl(str(v)) ?? outside();

const time = (v: unknown): number => parseRfc3339(str(v)) ?? outside();

/** A whole number of pixels (a safe integer: what the schema's int() takes, and more than any picture). */
const dimension = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : outside());

/** Shared with the schema (items/schema.ts), so the two cannot drift. */
export const MEDIA_TYPE = /^[a-z]+\/[a-z0-9.+-]+$/i;
export const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

const mediaType = (v: unknown): string => (MEDIA_TYPE.test(str(v)) ? (v as string) : outside());

/** Each entry of a list read by `read` (an index loop: a hole is read as undefined, as the schema reads it). */
function each<T>(v: unknown, read: (v: unknown) => T): T[] {
  if (!Array.isArray(v)) outside();
  const a = v as unknown[];
  const out: T[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = read(a[i]);
  return out;
}

/** Sets `key` on `out` when `v` is present (the schema leaves an absent optional field out). */
function opt<T>(out: Data, key: string, v: unknown, read: (v: unknown) => T): void {
  if (v === undefined) return;
  out[key] = read(v);
}

const PERSON = new Set(['name', 'url', 'email']);
function person(v: unknown): Data {
  const p = keysIn(v, PERSON);
  // z.email()'s rules are the schema's own: an author with an address goes to it.
  if (p.email !== undefined) outside();
  const out: Data = { name: nonEmpty(p.name) };
  opt(out, 'url', p.url, url);
  return out;
}

const CONTRIBUTOR = new Set(['name', 'role', 'url']);
function contributor(v: unknown): Data {
  const c = keysIn(v, CONTRIBUTOR);
  const out: Data = { name: nonEmpty(c.name), role: nonEmpty(c.role) };
  opt(out, 'url', c.url, url);
  return out;
}

const SOURCE = new Set(['name', 'url', 'feed']);
function source(v: unknown): Data {
  const s = keysIn(v, SOURCE);
  const out: Data = { name: nonEmpty(s.name), url: url(s.url) };
  opt(out, 'feed', s.feed, url);
  return out;
}

const RENDITION = new Set(['url', 'width', 'height', 'type']);
function rendition(v: unknown): Data {
  const r = keysIn(v, RENDITION);
  const out: Data = { url: url(r.url), width: dimension(r.width), height: dimension(r.height) };
  opt(out, 'type', r.type, mediaType);
  return out;
}

const IMAGE = new Set(['url', 'caption', 'credit', 'rights', 'width', 'height', 'type', 'length', 'alt', 'renditions']);
function image(v: unknown): Data {
  const i = keysIn(v, IMAGE);
  const out: Data = { url: url(i.url) };
  opt(out, 'caption', i.caption, str);
  opt(out, 'credit', i.credit, str);
  opt(out, 'rights', i.rights, str);
  opt(out, 'width', i.width, dimension);
  opt(out, 'height', i.height, dimension);
  opt(out, 'type', i.type, mediaType);
  opt(out, 'length', i.length, (n) => (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : outside()));
  opt(out, 'alt', i.alt, str);
  opt(out, 'renditions', i.renditions, (r) => each(r, rendition));
  return out;
}

const SYNDICATION = new Set(['partners', 'embargo', 'expires']);
function syndication(v: unknown): Data {
  const s = keysIn(v, SYNDICATION);
  const p = s.partners;
  const out: Data = { partners: p === undefined || p === 'all' ? 'all' : p === 'none' ? 'none' : each(p, nonEmpty) };
  opt(out, 'embargo', s.embargo, time);
  opt(out, 'expires', s.expires, time);
  return out;
}

const ITEM = new Set([
  'title',
  'url',
  'id',
  'published',
  'updated',
  'summary',
  'content_html',
  'language',
  'authors',
  'contributors',
  'source',
  'credit',
  'image',
  'tags',
  'rights',
  'license',
  'syndication',
  'withdrawn',
  'correction',
]);

/** What itemSchema.safeParse(data) gives when it succeeds, for the plain subset; else undefined. */
export function fastFields(data: unknown): ItemFields | undefined {
  try {
    const d = keysIn(data, ITEM);
    // In the schema's order of fields, as its output has them.
    const out: Data = { title: nonEmpty(d.title), url: url(d.url) };
    opt(out, 'id', d.id, nonEmpty);
    out.published = time(d.published);
    opt(out, 'updated', d.updated, time);
    opt(out, 'summary', d.summary, str);
    opt(out, 'content_html', d.content_html, str);
    opt(out, 'language', d.language, (l) => (LANGUAGE.test(str(l)) ? l : outside()));
    opt(out, 'authors', d.authors, (a) => (Array.isArray(a) && a.length > 0 ? each(a, person) : outside()));
    out.contributors = d.contributors === undefined ? [] : each(d.contributors, contributor);
    opt(out, 'source', d.source, source);
    opt(out, 'credit', d.credit, nonEmpty);
    opt(out, 'image', d.image, image);
    out.tags = d.tags === undefined ? [] : each(d.tags, nonEmpty);
    opt(out, 'rights', d.rights, str);
    opt(out, 'license', d.license, str);
    opt(out, 'syndication', d.syndication, syndication);
    // `true` or `false`; a kill's record ({at, reason}) is the schema's to read.
    opt(out, 'withdrawn', d.withdrawn, (w) => (typeof w === 'boolean' ? w : outside()));
    opt(out, 'correction', d.correction, nonEmpty);
    return out as ItemFields;
  } catch (err) {
    if (err === OUT) return undefined;
    throw err;
  }
}
