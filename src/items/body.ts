// An item's body → the HTML a feed carries: Markdown rendered, relative URLs made absolute
// against the item's URL, and (unless configured otherwise) sanitized with an allowlist.
import { createRequire } from 'node:module';
import MarkdownIt from 'markdown-it';
import type SanitizeHtml from 'sanitize-html';
import type { Body } from '../types.js';
import type { HtmlAllowlist } from '../profiles/types.js';

// Loaded on first use: a cron run where nothing changed renders no body and should not pay
// sanitize-html's ~100 ms of module loading.
let loaded: typeof SanitizeHtml | undefined;
const lib = () => (loaded ??= createRequire(import.meta.url)('sanitize-html') as typeof SanitizeHtml);
const sanitizeHtml = (html: string, options: SanitizeHtml.IOptions): string => lib()(html, options);

export interface BodyOptions {
  /** The item's canonical URL: relative links and images resolve against it. */
  baseUrl: string;
  sanitize: boolean;
  allowDataImages: boolean;
  /** Image URLs this document may not show (a photo not cleared for a partner). */
  blockedImages: readonly string[];
  /** A platform's own allowlist (src/profiles/), in place of wirefeed's: with `sanitize`. */
  allowlist?: HtmlAllowlist;
  /** The item's own photo (any of its sizes) and its alt text: an `<img>` of it without alt gets this one. */
  imageAlt?: { urls: readonly string[]; alt: string };
}

// markdown-it, not marked: measured on hostile input (README, "Dependencies"), marked overflows
// the stack at a few thousand nested `>` and is quadratic on runs like `a**b`; markdown-it is
// linear on every class tried and stops nesting at maxNesting instead of recursing. GFM's
// tables, strikethrough and bare-URL links as marked had them; raw HTML passes to the sanitizer.
// Nesting deeper than src/limits.ts allows never reaches it (the item is refused at load),
// so maxNesting, well above that, never drops text.
const markdown = new MarkdownIt('default', { html: true, linkify: true, typographer: false, maxNesting: 200 });

let allowedTags: string[] | undefined;
const ALLOWED_TAGS = () =>
  (allowedTags ??= [...lib().defaults.allowedTags.filter((t) => t !== 'img'), 'img', 'figure', 'figcaption', 'picture', 'del', 'ins', 'sub', 'sup']);

const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp|avif);base64,[a-z0-9+/=\s]*$/i;

/** The absolute URL of every `<img>` in a body, as renderBody would write it: what rights must clear. */
export function bodyImageUrls(body: Body, baseUrl: string): string[] {
  const html = asHtmlOf(body.format, body.text);
  const urls = new Set<string>();
  sanitizeHtml(html, {
    allowedTags: ['img'],
    allowedAttributes: { img: ['src'] },
    transformTags: {
      img: (tagName, attribs) => {
        const src = attribs.src?.trim();
        const abs = src && !/^data:/i.test(src) ? absolute(src, baseUrl) : undefined;
        if (abs) urls.add(abs);
        return { tagName, attribs };
      },
    },
  });
  return [...urls];
}

function absolute(url: string, base: string): string | undefined {
  try {
    return new URL(url.trim(), base).href;
  } catch {
    return undefined;
  }
}

export function markdownToHtml(text: string): string {
  return markdown.render(text);
}

/** A body as HTML before any document's options apply: its Markdown rendered, or its HTML as it is. */
const asHtmlOf = (format: Body['format'], text: string): string => (format === 'markdown' ? markdownToHtml(text) : text);

// The main, tag and partner feeds show the same newest items: a body that cannot change (a
// frozen one: the parse cache's lazily read bodies) is rendered once per set of options, not
// once per document. Only the blocked photos that are in the body tell two renderings apart
// (every partner document names its own), so they, not the document's list, are the key.
// Bounded, so an archive build does not end with every body in memory.
// About two archive months' stories at 100,000: the next period's bodies arrive while this one's are used (render/bodies.ts).
const MEMO_LIMIT = 4096;
interface Renderings {
  /** The image URLs the body shows, as rendered (absolute). */
  srcs: ReadonlySet<string>;
  html: Map<string, string>;
}
// Per body: its Markdown as HTML (the same whatever the document), then each set of options' renderings.
const memo = new Map<Body, { html?: string; byOpts: Map<string, Renderings> }>();

/** What of a rendering's options is the same for every document: all but the blocked photos. */
const baseKey = (opts: BodyOptions): string => {
  const alt = opts.imageAlt ? `${opts.imageAlt.alt}\u0001${opts.imageAlt.urls.join('\u0001')}` : '';
  return `${opts.baseUrl}\0${opts.sanitize}\0${opts.allowDataImages}\0${alt}\0${opts.allowlist ? JSON.stringify(opts.allowlist) : ''}`;
};
/** Of the document's blocked photos, those the body shows: all that can tell two renderings apart. */
const blockedKey = (opts: BodyOptions, srcs: ReadonlySet<string>) => opts.blockedImages.filter((u) => srcs.has(u)).join('\0');

function memoEntry(body: Body): { html?: string; byOpts: Map<string, Renderings> } {
  let entry = memo.get(body);
  if (!entry) {
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
    entry = { byOpts: new Map() };
    memo.set(body, entry);
  }
  return entry;
}

export function renderBody(body: Body, opts: BodyOptions): string {
  if (!Object.isFrozen(body)) return renderBodyNow(body, opts).html;
  const base = baseKey(opts);
  const known = memo.get(body)?.byOpts.get(base);
  const hit = known?.html.get(blockedKey(opts, known.srcs));
  if (hit !== undefined) return hit;
  const entry = memoEntry(body);
  // The body's text is read (from its file) and its Markdown rendered once, however many documents show it.
  entry.html ??= asHtmlOf(body.format, body.text);
  const made = renderBodyNow(body, opts, entry.html);
  remember(entry, base, opts, made);
  return made.html;
}

function remember(entry: { byOpts: Map<string, Renderings> }, base: string, opts: BodyOptions, made: { html: string; srcs: ReadonlySet<string> }): void {
  let r = entry.byOpts.get(base);
  if (!r) entry.byOpts.set(base, (r = { srcs: made.srcs, html: new Map<string, string>() }));
  r.html.set(blockedKey(opts, r.srcs), made.html);
}

/** A body rendered elsewhere (another thread: render/bodies.ts), from the same text with the same options. */
export interface BodyRendering {
  /** The body as HTML before any option applied (its Markdown rendered). */
  asHtml: string;
  html: string;
  srcs: string[];
}

/** renderBody's result and what it is made from, for a body read from `text` (render/body-worker.ts). */
export function renderBodyParts(text: string, format: Body['format'], opts: BodyOptions): BodyRendering {
  const asHtml = asHtmlOf(format, text);
  const made = renderBodyNow({ format, text }, opts, asHtml);
  return { asHtml, html: made.html, srcs: [...made.srcs] };
}

/**
 * A key that two options share when they render a body alike: `srcs`, the pictures the body
 * shows, when known; else every blocked photo counts.
 */
export function renderingKey(opts: BodyOptions, srcs?: ReadonlySet<string>): string {
  return `${baseKey(opts)}\0\0${srcs ? blockedKey(opts, srcs) : opts.blockedImages.join('\0')}`;
}

/** Whether renderBody would answer this from memory. */
export function bodyRendered(body: Body, opts: BodyOptions): boolean {
  const known = memo.get(body)?.byOpts.get(baseKey(opts));
  return known !== undefined && known.html.has(blockedKey(opts, known.srcs));
}

/** What renderBody would make of a frozen body, made by another thread: kept as if renderBody had made it. */
export function seedBody(body: Body, opts: BodyOptions, made: BodyRendering): boolean {
  if (!Object.isFrozen(body) || bodyRendered(body, opts)) return false;
  const entry = memoEntry(body);
  entry.html ??= made.asHtml;
  remember(entry, baseKey(opts), opts, { html: made.html, srcs: new Set(made.srcs) });
  return true;
}

function renderBodyNow(body: Body, opts: BodyOptions, asHtml?: string): { html: string; srcs: Set<string> } {
  const html = asHtml ?? asHtmlOf(body.format, body.text);
  const blocked = new Set(opts.blockedImages);
  const resolve = (attr: string) => (tagName: string, attribs: SanitizeHtml.Attributes) => {
    const value = attribs[attr];
    if (value === undefined) return { tagName, attribs };
    if (/^data:/i.test(value.trim())) {
      // Only raster images, and only when the config allows them: data:image/svg+xml can carry script.
      if (tagName === 'img' && opts.allowDataImages && DATA_IMAGE.test(value.trim())) return { tagName, attribs };
      const next = { ...attribs };
      delete next[attr];
      return { tagName, attribs: next };
    }
    const abs = absolute(value, opts.baseUrl);
    const next = { ...attribs };
    if (abs === undefined) delete next[attr];
    else next[attr] = abs;
    return { tagName, attribs: next };
  };
  const img = resolve('src');
  // A figure whose only picture was withheld would leave its caption behind: it goes too.
  let withheld = 0;
  const figures: number[] = [];
  const own = opts.sanitize ? opts.allowlist : undefined;
  const srcs = new Set<string>();
  const sanitized = sanitizeHtml(html, {
    allowedTags: opts.sanitize ? ALLOWED_TAGS() : false,
    allowedAttributes: opts.sanitize
      ? {
          a: ['href', 'title', 'hreflang', 'rel'],
          img: ['src', 'alt', 'title', 'width', 'height'],
          '*': ['lang', 'dir'],
        }
      : false,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: opts.allowDataImages ? { img: ['http', 'https', 'data'] } : { img: ['http', 'https'] },
    allowProtocolRelative: false,
    transformTags: {
      a: resolve('href'),
      img: (tagName, attribs) => {
        const out = img(tagName, attribs);
        if (out.attribs.src !== undefined) srcs.add(out.attribs.src);
        // A blocked photo goes with its tag: an <img> left without src, which the filter below
        // discards. (Renamed to a tag of its own, as before, the void <img> became an element
        // sanitize-html waited to close: the next </a> came out as </wirefeed-blocked>.)
        if (out.attribs.src !== undefined && blocked.has(out.attribs.src)) {
          withheld++;
          return { tagName, attribs: {} };
        }
        const alt = opts.imageAlt;
        if (alt && out.attribs.src !== undefined && !out.attribs.alt?.trim() && alt.urls.includes(out.attribs.src))
          return { tagName, attribs: { ...out.attribs, alt: alt.alt } };
        return out;
      },
      figure: (tagName, attribs) => {
        figures.push(withheld);
        return { tagName, attribs };
      },
    },
    exclusiveFilter: (frame) => {
      // An image whose only URL was refused (javascript:, a data: URL not allowed) shows nothing.
      if (frame.tag === 'img') return !frame.attribs.src;
      if (frame.tag !== 'figure') return false;
      const before = figures.pop() ?? withheld;
      return withheld > before && frame.mediaChildren.length === 0;
    },
    disallowedTagsMode: 'discard',
    // html.sanitize: false is the config's explicit choice: no warning on every body.
    allowVulnerableTags: !opts.sanitize,
  });
  const clean = withheld > 0 ? withoutEmptyWrappers(sanitized) : sanitized;
  return { html: own ? toAllowlist(clean, own) : clean, srcs };
}

/** Elements that only wrap: left with no text and no picture once a withheld photo is gone, they go too. */
const WRAPPERS = new Set(['a', 'picture', 'figure', 'p', 'span', 'div', 'em', 'strong', 'b', 'i', 'figcaption']);

/**
 * A second pass, only over a body that lost a photo: `<a href="…"><img></a>` must not become an
 * empty link, nor `<picture>` an empty picture. Parsed and written by the same library, so the
 * result is well-formed whatever the input was.
 */
function withoutEmptyWrappers(html: string): string {
  // sanitize-html tells a frame only of its direct media children, but passes text up to every
  // ancestor: a U+FFFF before each picture (a character no item holds: it is removed at load)
  // makes every element around one non-empty, and is taken out again after.
  const tagged = html.replace(/<img\b/g, '\uFFFF<img');
  return sanitizeHtml(tagged, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    exclusiveFilter: (frame) => WRAPPERS.has(frame.tag) && frame.text.trim() === '',
  }).replace(/\uFFFF/g, '');
}

/**
 * A platform's allowlist, applied to a body already cleaned by wirefeed's own (so a withheld
 * photo's figure and caption are gone before the platform's rules turn figures into paragraphs).
 */
function toAllowlist(html: string, own: HtmlAllowlist): string {
  const transformTags = Object.fromEntries(Object.entries(own.rename ?? {}).map(([from, to]) => [from, lib().simpleTransform(to, {})]));
  return sanitizeHtml(html, {
    allowedTags: own.tags,
    allowedAttributes: own.attributes,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    transformTags,
    disallowedTagsMode: 'discard',
  });
}
