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
  `<${tag}>${elc('name', p.name)}${elc('uri', p.url)}${'email' in p ? elc('email', p.email) : ''}</${tag}>`;

/** `<link rel href …/>` for the document head (config values: cleaned). */
const link = (rel: string, href: string, extra: Record<string, string | number | undefined> = {}) =>
  `<link${attributes({ rel, href, ...extra })}/>`;

/** The same for an entry's clean values: rel, href, then the rest. */
const entryLink = (rel: string, href: string, rest = '') => `<link rel="${rel}"${at('href', href)}${rest}/>`;

// An Entry's text comes from loaded (clean) items and is only escaped here (see contentXml for its HTML).
/** An entry's pieces, pushed onto `out`: the body on its own (see rss.ts). */
function entry(e: Entry, out: string[], extra: string): void {
  let s = e.language ? `\n<entry xml:lang="${escapeAttr(e.language)}">` : '\n<entry>';
  s += elc('id', e.atomId);
  if (e.title !== '') s += `<title type="text">${escapeText(e.title)}</title>`;
  s += entryLink('alternate', e.url, ' type="text/html"');
  s += `<published>${rfc3339(e.published)}</published><updated>${rfc3339(e.updated)}</updated>`;
  for (const a of e.authors) s += person('author', a);
  for (const c of e.contributors) s += person('contributor', c);
  if (e.summary) s += `<summary type="text">${escapeText(e.summary)}</summary>`;
  const [body, rest] = contentXml(e);
  out.push(`${s}<content type="html">`, body);
  s = `${rest}</content>`;
  for (const t of e.tags) s += `<category${at('term', t.term)}${at('scheme', t.scheme)}/>`;
  if (e.rights) s += `<rights type="text">${escapeText(e.rights)}</rights>`;
  if (e.license) s += entryLink('license', e.license);
  if (e.source) {
    // The article it came from is the entry's "via"; atom:source describes the source *feed*
    // (RFC 4287 4.2.11): its title and its own URL, never the article as its alternate. The
    // source feed's atom:id is not known, so none is made up.
    s += entryLink('via', e.source.url, at('title', e.source.name));
    if (e.source.feed) s += `<source>${elc('title', e.source.name)}${entryLink('self', e.source.feed)}</source>`;
  }
  if (e.image) {
    s += entryLink('enclosure', e.image.url, `${at('type', e.image.type)}${at('length', e.image.length)}${at('title', e.image.caption)}`);
    s += mediaXml(e.image);
  }
  s += dctermsValid(e) + extra;
  out.push(`${s}</entry>`);
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

/** One entry's pieces (see entry()); `extra` is the view's profile elements. */
export function atomEntry(e: Entry, extra: string): string[] {
  const out: string[] = [];
  entry(e, out, extra);
  return out;
}

export const ATOM_TAIL = '</feed>\n';

/** The document in pieces, in order (see rssParts). */
export function* atomParts(view: FeedView, entries: Iterable<Entry>): Generator<string> {
  yield atomHead(view);
  const extra = profileItemXml(view);
  const out: string[] = [];
  for (const e of entries) {
    entry(e, out, extra);
    yield* out;
    out.length = 0;
  }
  yield ATOM_TAIL;
}

export function renderAtom(view: FeedView, entries: Entry[]): string {
  return [...atomParts(view, entries)].join('');
}
