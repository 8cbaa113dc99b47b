// Pieces that RSS and Atom write identically.
import type { FeedView, Format } from '../types.js';
import { cleanText } from '../items/clean.js';
import { content, plainContent, simpleContent, type Entry, type EntryImage } from './entry.js';
import { at, attributes, elc, escapeText, fitsCdata } from './xml.js';

/** An entry's content as XML text, in the three pieces a writer puts one after the other: `open`, `body` (flat when the body is), `close`. */
export type ContentXml = [open: string, body: string, close: string];

/**
 * The entry's content HTML as XML text: in a CDATA section, the HTML as it is, so that a body
 * is written from the string the entry holds, not escaped into a rope of pieces. A content
 * that cannot stand in one section as it is (fitsCdata: a `]]>`, which only unsanitized HTML
 * can hold, in a raw-text element or a textarea, or a CR) is escaped text instead, as every version before
 * wrote all content: split into several sections it would not reach gofeed whole, which drops
 * what stands between two sections and every section after the second (measured,
 * test/readers/cdata.test.ts). Cleaned first: an Entry's text comes from loaded (clean) items,
 * but its HTML may not be clean (Markdown turns `&#1;` into U+0001), and removing a character
 * can make a `]]>`.
 */
export function contentXml(e: Entry): ContentXml {
  if (e === last.entry && e.bodyHtml === last.body && e.creditHtml === last.credit) return last.xml;
  // Nothing to clean when nothing is suspect, and with no `]` nor CR nothing more to look for
  // (one scan of the body, shared with JSON Feed).
  const simple = simpleContent(e);
  const [body, rest] = content(e, simple || plainContent(e) ? same : cleanText);
  const xml: ContentXml = simple || (fitsCdata(body) && fitsCdata(rest)) ? [CDATA_OPEN, body, `${rest}]]>`] : ['', escapeText(body), escapeText(rest)];
  last = { entry: e, body: e.bodyHtml, credit: e.creditHtml, xml };
  return xml;
}

const same = (html: string) => html;
const CDATA_OPEN = '<![CDATA[';

/**
 * The last entry's content as XML, for the other XML format of the same entry: documents are
 * made item by item (render/index.ts assemble), so Atom's entry follows RSS's item and the
 * content is made once. Only the last: holding every escaped body of a document until the
 * other format is written costs the collector more than escaping it again (measured).
 */
let last: { entry?: Entry; body: string; credit: string; xml: ContentXml } = { body: '', credit: '', xml: ['', '', ''] };

/**
 * The photo in Media RSS, the same in RSS and Atom: one `media:content`, or with renditions a
 * `media:group` of them (the photo itself `isDefault`), with what describes them all: caption
 * (`media:title`), thumbnail, credit, rights and alt text (`media:text`). Empty values are left out.
 *
 * The caption is not `media:description`: Universal Feed Parser reads that element as the
 * item's summary (it replaces the summary of an Atom entry without one, and relabels an RSS
 * description as plain text); it ignores a `media:title` after the item's title. The matrix in
 * docs/readers.md measures this.
 */
export function mediaXml(image: EntryImage): string {
  // Atom's entry follows RSS's item of the same entry (see `last`): the same image, written once.
  if (image === lastMedia.image) return lastMedia.xml;
  const xml = media(image);
  lastMedia = { image, xml };
  return xml;
}

// An EntryImage is made by toEntry and never changed after: the object is the key.
let lastMedia: { image?: EntryImage; xml: string } = { xml: '' };

function media(image: EntryImage): string {
  const t = image.thumbnail;
  const about =
    elc('media:title', image.caption) +
    `<media:thumbnail${at('url', t.url)}${at('width', t.width)}${at('height', t.height)}/>` +
    (image.credit ? `<media:credit${at('role', image.photographer ? 'photographer' : undefined)} scheme="urn:ebu">${escapeText(image.credit)}</media:credit>` : '') +
    elc('media:copyright', image.rights) +
    elc('media:text', image.alt);
  const main = `<media:content${at('url', image.url)}${at('type', image.type)}${at('medium', image.medium)}${image.renditions.length ? ' isDefault="true"' : ''}${at('width', image.width)}${at('height', image.height)}${at('fileSize', image.length)}`;
  if (image.renditions.length === 0) return `${main}>${about}</media:content>`;
  const others = image.renditions
    .map((r) => `<media:content${at('url', r.url)}${at('type', r.type)}${at('medium', image.medium)}${at('width', r.width)}${at('height', r.height)}/>`)
    .join('');
  return `<media:group>${main}/>${others}${about}</media:group>`;
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
