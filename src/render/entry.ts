// The one mapping: Item → the neutral Entry that rss.ts, atom.ts and jsonfeed.ts each write.
// Every rule about what a field becomes lives here, once.
import { creditLine } from '../attribution.js';
import { renderBody } from '../items/body.js';
import { slugify } from '../slug.js';
import type { Contributor, FeedView, Image, Item, Person, Source } from '../types.js';
import { text } from './xml.js';

export interface EntryImage extends Image {
  /** Enclosures need a media type: the given one, else guessed from the file name. */
  type: string;
  /** Enclosures need a length: the known size, else 0. */
  length: number;
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
  summary?: string;
  /** The body (or the summary, for summary-only documents) with the credit paragraph appended. */
  contentHtml: string;
  credit: string;
  authors: Person[];
  contributors: Contributor[];
  source?: Source;
  image?: EntryImage;
  tags: { term: string; url?: string }[];
  rights?: string;
  license?: string;
  language?: string;
}

const MEDIA_TYPES: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', svg: 'image/svg+xml',
};

export function guessImageType(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return (ext && MEDIA_TYPES[ext]) || 'image/jpeg';
}

// Tag slugs live in one place (src/slug.ts): folders, tag feeds and tag page URLs agree.
export { slugify };

const IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;

function atomIdOf(item: Item): string {
  if (IRI.test(item.id)) return item.id;
  const host = new URL(item.url).hostname;
  const day = new Date(item.published).toISOString().slice(0, 10);
  return `tag:${host},${day}:${encodeURIComponent(item.id)}`;
}

export function toEntry(item: Item, view: FeedView, opts: { sanitize: boolean; allowDataImages: boolean }): Entry {
  const withheld = item.image && view.blockedImages.includes(item.image.url) ? item.image : undefined;
  const image = withheld ? undefined : item.image;
  const credit = creditLine(item, withheld?.credit);
  const bodyHtml =
    view.fullText && item.body
      ? renderBody(item.body, {
          baseUrl: item.url,
          sanitize: opts.sanitize,
          allowDataImages: opts.allowDataImages,
          blockedImages: view.blockedImages,
        })
      : item.summary
        ? `<p>${text(item.summary)}</p>`
        : '';
  const entry: Entry = {
    id: item.id,
    idIsUrl: item.id === item.url,
    atomId: atomIdOf(item),
    url: item.url,
    title: item.title,
    published: item.published,
    updated: item.updated,
    contentHtml: `${bodyHtml}${bodyHtml ? '\n' : ''}<p class="credit">${text(credit)}</p>`,
    credit,
    authors: item.authors,
    contributors: item.contributors,
    tags: item.tags.map((term) => ({ term, url: view.tagUrl?.replace('{slug}', slugify(term)) })),
  };
  if (item.summary) entry.summary = item.summary;
  if (item.source) entry.source = item.source;
  if (image) entry.image = { ...image, type: image.type ?? guessImageType(image.url), length: image.length ?? 0 };
  if (item.rights) entry.rights = item.rights;
  if (item.license) entry.license = item.license;
  if (item.language) entry.language = item.language;
  return entry;
}

/** RFC 3339 in UTC, without milliseconds when there are none. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** RFC 822 with a four-digit year, in GMT: independent of the machine's zone and locale. */
export function rfc822(ms: number): string {
  return new Date(ms).toUTCString();
}
