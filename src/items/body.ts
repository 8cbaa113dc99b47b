// An item's body → the HTML a feed carries: Markdown rendered, relative URLs made absolute
// against the item's URL, and (unless configured otherwise) sanitized with an allowlist.
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { Body } from '../types.js';

export interface BodyOptions {
  /** The item's canonical URL: relative links and images resolve against it. */
  baseUrl: string;
  sanitize: boolean;
  allowDataImages: boolean;
  /** Image URLs this document may not show (a photo not cleared for a partner). */
  blockedImages: readonly string[];
}

const marked = new Marked({ gfm: true, async: false });

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'img'),
  'img', 'figure', 'figcaption', 'picture', 'del', 'ins', 'sub', 'sup',
];

function absolute(url: string, base: string): string | undefined {
  try {
    return new URL(url.trim(), base).href;
  } catch {
    return undefined;
  }
}

export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown) as string;
}

export function renderBody(body: Body, opts: BodyOptions): string {
  const html = body.format === 'markdown' ? markdownToHtml(body.text) : body.text;
  const blocked = new Set(opts.blockedImages);
  const resolve = (attr: string) => (tagName: string, attribs: sanitizeHtml.Attributes) => {
    const value = attribs[attr];
    if (value === undefined) return { tagName, attribs };
    if (/^data:/i.test(value.trim())) return { tagName, attribs };
    const abs = absolute(value, opts.baseUrl);
    const next = { ...attribs };
    if (abs === undefined) delete next[attr];
    else next[attr] = abs;
    return { tagName, attribs: next };
  };
  const img = resolve('src');
  return sanitizeHtml(html, {
    allowedTags: opts.sanitize ? ALLOWED_TAGS : false,
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
        // A blocked photo goes with its tag; the tag is renamed so exclusiveFilter drops it.
        if (out.attribs.src !== undefined && blocked.has(out.attribs.src)) return { tagName: 'wirefeed-blocked', attribs: {} };
        return out;
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'wirefeed-blocked',
    disallowedTagsMode: 'discard',
  });
}
