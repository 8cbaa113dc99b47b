// Pieces that RSS and Atom write identically.
import type { FeedView, Format } from '../types.js';
import { cleanText } from '../items/clean.js';
import { content, type Entry, type EntryImage } from './entry.js';
import { at, attributes, elc, escapeText } from './xml.js';

/**
 * The entry's content HTML as XML text. Cleaned as well as escaped: an Entry's text comes from
 * loaded (clean) items, but its HTML may not be clean (Markdown turns `&#1;` into U+0001).
 */
export function contentXml(e: Entry): [body: string, rest: string] {
  return content(e, xmlHtml);
}

const xmlHtml = (html: string) => escapeText(cleanText(html));

/** One media:content per image, its caption, credit and rights nested inside; empty values left out. */
export function mediaContent(image: EntryImage): string {
  const inner =
    (image.caption ? `<media:description type="plain">${escapeText(image.caption)}</media:description>` : '') +
    (image.credit ? `<media:credit scheme="urn:ebu">${escapeText(image.credit)}</media:credit>` : '') +
    elc('media:copyright', image.rights);
  const open = `<media:content${at('url', image.url)}${at('type', image.type)} medium="image"${at('width', image.width)}${at('height', image.height)}${at('fileSize', image.length)}`;
  return inner ? `${open}>${inner}</media:content>` : `${open}/>`;
}

/** atom:link elements for self, hub and RFC 5005 paging; in RSS they go in the Atom namespace. */
export function archiveLinks(view: FeedView, format: Format, type: string): string[] {
  const tag = format === 'rss' ? 'atom:link' : 'link';
  const link = (rel: string, href: string | undefined) =>
    href ? `<${tag}${attributes({ rel, type: rel === 'hub' ? undefined : type, href })}/>` : '';
  const l = view.links;
  const out = [
    link('self', l.self[format]),
    link('hub', l.hub),
    link('current', l.current?.[format]),
    link('prev-archive', l.prevArchive?.[format]),
    link('next-archive', l.nextArchive?.[format]),
  ];
  const fh = format === 'rss' || format === 'atom' ? 'fh:' : '';
  if (view.archive) out.push(`<${fh}archive/>`);
  else if (view.complete) out.push(`<${fh}complete/>`);
  return out.filter(Boolean);
}
