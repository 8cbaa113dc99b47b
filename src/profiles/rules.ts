// The rule shapes platforms share, each a small function of its figures. A rule returns a
// finding when the item breaks it; the message names the platform's figure and what was found.
import type { Image, Item } from '../types.js';
import type { Rule, RuleFinding } from './types.js';

const DAY_MS = 86_400_000;

/** Characters as a person counts them (code points, not UTF-16 units). */
export const chars = (s: string) => [...s.trim()].length;

const found = (field: string, at: (string | number)[], message: string): RuleFinding => ({ field, at, message });

/** Title length: over `min` (or at least, when `inclusive`) and up to `max` characters. */
export function titleLength(platform: string, min: number, max: number, minInclusive = true): Rule {
  return (item) => {
    const n = chars(item.title);
    const short = minInclusive ? n < min : n <= min;
    if (short || n > max) {
      const range = min === 0 ? `up to ${max}` : minInclusive ? `${min} to ${max}` : `over ${min} and up to ${max}`;
      return found('title', ['title'], `${platform} wants a title of ${range} characters; this one has ${n}`);
    }
    return undefined;
  };
}

/** A width and height, from the image and from each of its renditions (issue 11's `image.renditions`). */
export function imageSizes(image: Image): { width: number; height: number; at: (string | number)[] }[] {
  const out: { width: number; height: number; at: (string | number)[] }[] = [];
  if (image.width && image.height) out.push({ width: image.width, height: image.height, at: ['image', 'width'] });
  image.renditions?.forEach((r, i) => {
    if (r.width && r.height) out.push({ width: r.width, height: r.height, at: ['image', 'renditions', i] });
  });
  return out;
}

/** An image is required (in the item's own `image`: body pictures carry no size or credit). */
export function imageRequired(platform: string): Rule {
  return (item) => (item.image ? undefined : found('image', ['title'], `${platform} wants an image with every item; this one has none`));
}

/**
 * The image's size: the largest of the image and its renditions must reach `min` on its
 * shortest side (or its longest, with `side: 'longest'`). Unknown sizes are a finding too: the
 * platform measures the file, wirefeed can only read what the item says.
 */
export function imageMinSize(platform: string, min: number, side: 'shortest' | 'longest' = 'shortest'): Rule {
  const measure = (s: { width: number; height: number }) => (side === 'longest' ? Math.max(s.width, s.height) : Math.min(s.width, s.height));
  const what = side === 'longest' ? 'on its longest side' : 'on its shortest side';
  return (item) => {
    if (!item.image) return undefined;
    const sizes = imageSizes(item.image);
    if (sizes.length === 0)
      return found('image.width', ['image'], `${platform} wants images at least ${min} px ${what}: give image.width and image.height (or renditions) so this can be checked`);
    const best = sizes.reduce((a, b) => (measure(b) > measure(a) ? b : a));
    if (measure(best) >= min) return undefined;
    return found('image.width', best.at, `${platform} wants images at least ${min} px ${what}; the largest given is ${best.width}×${best.height}`);
  };
}

/** Aspect ratio (width / height) within [min, max] for at least one of the sizes given. */
export function imageRatio(platform: string, min: number, max: number): Rule {
  return (item) => {
    if (!item.image) return undefined;
    const sizes = imageSizes(item.image);
    if (sizes.length === 0 || sizes.some((s) => s.width / s.height >= min && s.width / s.height <= max)) return undefined;
    const s = sizes[0]!;
    return found('image.width', s.at, `${platform} shows images with a width/height ratio of ${min} to ${max}; ${s.width}×${s.height} is ${(s.width / s.height).toFixed(2)}`);
  };
}

/** The image names who took it (Media RSS credit). */
export function photoCredit(platform: string): Rule {
  return (item) =>
    item.image && !item.image.credit?.trim() ? found('image.credit', ['image'], `${platform} wants a photo credit (image.credit) with every image`) : undefined;
}

/** At least one author (dc:creator): items default to site.default_author, so this is about an empty name. */
export function byline(platform: string): Rule {
  return (item) => (item.authors.some((a) => a.name.trim() !== '') ? undefined : found('authors', ['authors'], `${platform} wants a byline (dc:creator)`));
}

/** The summary (RSS description) of at least `min` characters. */
export function summaryLength(platform: string, min: number): Rule {
  return (item) => {
    const n = item.summary ? chars(item.summary) : 0;
    if (n >= min) return undefined;
    return found('summary', item.summary ? ['summary'] : ['title'], `${platform} wants a description of ${min} characters or more; ${item.summary ? `this one has ${n}` : 'this item has no summary'}`);
  };
}

/** The body goes out, in full: the item has one, and the partner takes bodies. */
export function fullText(platform: string): Rule {
  return (item, ctx) => {
    if (!item.body || item.body.text.trim() === '') return found('body', ['title'], `${platform} wants the full text; this item has no body`);
    if (!ctx.fullText) return found('body', ['title'], `${platform} wants the full text; this partner has full_text: false`);
    return undefined;
  };
}

/** Not older than `days` by `published` at the run's time. */
export function maxAge(platform: string, days: number): Rule {
  return (item, ctx) => {
    const age = Math.floor((ctx.now - item.published) / DAY_MS);
    return age >= days ? found('published', ['published'], `${platform} ignores items ${days} days old or more; this one is ${age} days old`) : undefined;
  };
}

/** The body's own size in UTF-8 bytes, up to `max`. */
export function bodyBytes(platform: string, max: number): Rule {
  return (item) => {
    const n = item.body ? Buffer.byteLength(item.body.text, 'utf8') : 0;
    return n > max ? found('body', ['title'], `${platform} takes articles up to ${max} bytes; this body has ${n}`) : undefined;
  };
}

/** No "read more" links: the platform shows the whole story and suppresses them. */
export function noReadMore(platform: string): Rule {
  const READ_MORE = /\b(?:read more|continue reading|read the full story|read original story)\b/i;
  return (item) => {
    const inSummary = item.summary ? READ_MORE.exec(item.summary) : null;
    const m = inSummary ?? (item.body ? READ_MORE.exec(item.body.text) : null);
    if (!m) return undefined;
    return found(inSummary ? 'summary' : 'body', inSummary ? ['summary'] : ['title'], `${platform} suppresses "read more" links; found "${m[0]}"`);
  };
}

/** At least one tag (RSS category). */
export function hasCategory(platform: string): Rule {
  return (item: Item) => (item.tags.length > 0 ? undefined : found('tags', ['title'], `${platform} reads categories; this item has no tags`));
}
