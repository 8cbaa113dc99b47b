// Atom 1.0 (RFC 4287) with Media RSS, RFC 4946 license links and RFC 5005 paging.
import type { Contributor, FeedView, Person } from '../types.js';
import { rfc3339, type Entry } from './entry.js';
import { archiveLinks, contentXml, mediaXml } from './shared.js';
import { DCTERMS_NS, dctermsValid } from './dcterms.js';
import { deletedEntries, TOMBSTONES_NS } from './tombstones.js';
import { at, attributes, el, elc, escapeAttr, escapeText } from './xml.js';
import { profileHead, profileItemXml, profileNamespaces } from '../profiles/index.js';

const NS = {
  xmlns: 'http://www.w3.org/2005/Atom',
  'xmlns:media': 'http://search.yahoo.com/mrss/',
  'xmlns:fh': 'http://purl.org/syndication/history/1.0',
  'xmlns:at': TOMBSTONES_NS,
  'xmlns:dcterms': DCTERMS_NS,
};

const person = (tag: 'author' | 'contributor', p: Person | Contributor) =>
  `<${tag}>${p.name ? `<name>${escapeText(p.name)}</name>` : ''}${p.url ? `<uri>${escapeText(p.url)}</uri>` : ''}${'email' in p && p.email ? `<email>${escapeText(p.email)}</email>` : ''}</${tag}>`;

/** `<link rel href …/>` for the document head (config values: cleaned). */
const link = (rel: string, href: string, extra: Record<string, string | number | undefined> = {}) =>
  `<link${attributes({ rel, href, ...extra })}/>`;

/** The same for an entry's clean values: rel, href, then the rest. */
const entryLink = (rel: string, href: string, rest = '') => `<link rel="${rel}"${at('href', href)}${rest}/>`;

// An Entry's text comes from loaded (clean) items and is only escaped here (see contentXml for its HTML).
/** An entry in pieces, its content's body one of its own (see rss.ts). */
function entry(e: Entry, extra: string): string[] {
  // Tags written out, not through elc (see rss.ts).
  let s = e.language ? `\n<entry xml:lang="${escapeAttr(e.language)}">` : '\n<entry>';
  if (e.atomId !== '') s += `<id>${escapeText(e.atomId)}</id>`;
  if (e.title !== '') s += `<title type="text">${escapeText(e.title)}</title>`;
  s += `<link rel="alternate"${at('href', e.url)} type="text/html"/>`;
  const published = rfc3339(e.published);
  s += `<published>${published}</published><updated>${e.updated === e.published ? published : rfc3339(e.updated)}</updated>`;
  for (let i = 0; i < e.authors.length; i++) s += person('author', e.authors[i]!);
  for (let i = 0; i < e.contributors.length; i++) s += person('contributor', e.contributors[i]!);
  if (e.summary) s += `<summary type="text">${escapeText(e.summary)}</summary>`;
  const [open, body, close] = contentXml(e);
  const head = `${s}<content type="html">${open}`;
  s = `${close}</content>`;
  for (let i = 0; i < e.tags.length; i++) {
    const t = e.tags[i]!;
    s += `<category${at('term', t.term)}${at('scheme', t.scheme)}/>`;
  }
  if (e.rights) s += `<rights type="text">${escapeText(e.rights)}</rights>`;
  if (e.license) s += entryLink('license', e.license);
  const source = e.source;
  if (source) {
    // The article it came from is the entry's "via"; atom:source describes the source *feed*
    // (RFC 4287 4.2.11): its title and its own URL, never the article as its alternate. The
    // source feed's atom:id is not known, so none is made up.
    s += entryLink('via', source.url, at('title', source.name));
    if (source.feed) s += `<source>${elc('title', source.name)}${entryLink('self', source.feed)}</source>`;
  }
  const image = e.image;
  if (image) {
    s += entryLink('enclosure', image.url, `${at('type', image.type)}${at('length', image.length)}${at('title', image.caption)}`);
    s += mediaXml(image);
  }
  return [head, body, `${s}${dctermsValid(e)}${extra}</entry>`];
}

/** The document up to its first entry: the feed's head, its links, its tombstones. */
export function atomHead(view: FeedView): string {
  const head = [
    el('id', view.links.self.atom),
    el('title', view.title, { type: 'text' }),
    el('subtitle', view.description, { type: 'text' }),
    el('updated', rfc3339(view.updated)),
    link('alternate', view.homeUrl, { type: 'text/html' }),
    ...archiveLinks(view, 'atom', 'application/atom+xml'),
    el('rights', view.rights, { type: 'text' }),
    el('generator', view.generator),
    el('icon', view.icon),
    ...profileHead(view, 'atom'),
  ];
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed${attributes({ ...NS, ...profileNamespaces(view), 'xml:lang': view.language })}>${head.join('\n')}${deletedEntries(view)}`;
}

/** One entry as it stands in the document; `extra` is the view's profile elements. */
export const atomEntry = (e: Entry, extra: string): string[] => entry(e, extra);

export const ATOM_TAIL = '</feed>\n';

export function renderAtom(view: FeedView, entries: Entry[]): string {
  const extra = profileItemXml(view);
  return atomHead(view) + entries.map((e) => entry(e, extra).join('')).join('') + ATOM_TAIL;
}
