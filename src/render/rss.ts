// RSS 2.0 with the Dublin Core, content, Media RSS, Creative Commons and Atom modules.
import type { FeedView } from '../types.js';
import { rfc822, type Entry } from './entry.js';
import { archiveLinks, contentXml, mediaXml } from './shared.js';
import { DCTERMS_NS, dctermsModified, dctermsValid } from './dcterms.js';
import { deletedEntries, TOMBSTONES_NS } from './tombstones.js';
import { at, attributes, el, elc, escapeText } from './xml.js';
import { profileHead, profileItemXml, profileNamespaces } from '../profiles/index.js';

const NS = {
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:media': 'http://search.yahoo.com/mrss/',
  'xmlns:creativeCommons': 'http://backend.userland.com/creativeCommonsRssModule',
  'xmlns:fh': 'http://purl.org/syndication/history/1.0',
  'xmlns:at': TOMBSTONES_NS,
  'xmlns:dcterms': DCTERMS_NS,
};

// An Entry's text comes from loaded (clean) items and is only escaped here (see contentXml for its HTML).

/**
 * An item in pieces, written one after the other: each copy of its content's body a piece of
 * its own (see FormatPieces.item), the rest joined around it.
 */
function item(e: Entry, extra: string): string[] {
  // Tags written out, not through elc: a tag name put together per call costs more than its value's escaping.
  let s = e.title === '' ? '\n<item>' : `\n<item><title>${escapeText(e.title)}</title>`;
  if (e.url !== '') s += `<link>${escapeText(e.url)}</link>`;
  if (e.id !== '') s += `${e.idIsUrl ? '<guid isPermaLink="true">' : '<guid isPermaLink="false">'}${escapeText(e.id)}</guid>`;
  s += `<pubDate>${rfc822(e.pubDate)}</pubDate>`;
  // The channel has one language; an item in another says so, or partners would mislabel it.
  if (e.language) s += `<dc:language>${escapeText(e.language)}</dc:language>`;
  // The content's pieces (contentXml): open, the body as the entry holds it, close.
  const [open, body, close] = contentXml(e);
  const parts =
    e.summaryHtml === undefined
      ? [`${s}<description>${open}`, body, `${close}</description><content:encoded>${open}`, body]
      : [`${s}<description>${escapeText(e.summaryHtml)}</description><content:encoded>${open}`, body];
  s = `${close}</content:encoded>`;
  // One dc:creator with the whole byline: gofeed keeps only the first dc:creator and
  // feedparser's `author` only the last, so several would leave a reader one name of the byline.
  // (RSS <author> needs an email; Atom keeps the authors apart.)
  if (e.byline !== '') s += `<dc:creator>${escapeText(e.byline)}</dc:creator>`;
  // dc:contributor, not atom:contributor: feedparser lists a contributor once per element, and
  // only dc:contributor reaches gofeed's typed fields.
  for (let i = 0; i < e.contributors.length; i++) {
    const name = e.contributors[i]!.name;
    if (name !== undefined && name !== '') s += `<dc:contributor>${escapeText(name)}</dc:contributor>`;
  }
  const source = e.source;
  if (source) {
    // The validator flags source and dc:source together: one or the other.
    s += source.feed
      ? source.name === '' ? '' : `<source${at('url', source.feed)}>${escapeText(source.name)}</source>`
      : elc('dc:source', source.url);
    // The original article, whether or not its feed is known (RFC 4287's "via", in RSS).
    s += `<atom:link rel="via"${at('href', source.url)}${at('title', source.name)}/>`;
  }
  for (let i = 0; i < e.tags.length; i++) {
    const t = e.tags[i]!;
    if (t.term !== '') s += `<category${at('domain', t.url)}>${escapeText(t.term)}</category>`;
  }
  if (e.rights) s += `<dc:rights>${escapeText(e.rights)}</dc:rights>`;
  if (e.license) s += `<creativeCommons:license>${escapeText(e.license)}</creativeCommons:license>`;
  const image = e.image;
  if (image) {
    // length is required: 0 stands for unknown (RSS Best Practices; the validator accepts it).
    s += `${mediaXml(image)}<enclosure${at('url', image.url)} length="${image.length ?? 0}"${at('type', image.enclosureType)}/>`;
  }
  parts.push(`${s}${dctermsModified(e)}${dctermsValid(e)}${extra}</item>`);
  return parts;
}

/** The document up to its first item: the channel, its links, its tombstones. */
export function rssHead(view: FeedView): string {
  const links = archiveLinks(view, 'rss', 'application/rss+xml');
  const channel = [
    el('title', view.title),
    el('link', view.homeUrl),
    el('description', view.description),
    el('language', view.language),
    el('copyright', view.rights),
    el('lastBuildDate', rfc822(view.updated)),
    el('generator', view.generator),
    el('docs', 'https://www.rssboard.org/rss-specification'),
    ...links,
    view.icon ? `<image>${el('url', view.icon)}${el('title', view.title)}${el('link', view.homeUrl)}</image>` : '',
    ...profileHead(view, 'rss'),
  ];
  // Tombstones before the first item: the validator wants nothing after the items (MisplacedItem).
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"${attributes({ ...NS, ...profileNamespaces(view) })}><channel>${channel.join('\n')}${deletedEntries(view)}`;
}

/** One item as it stands in the document; `extra` is the view's profile elements (profileItemXml). */
export const rssItem = (e: Entry, extra: string): string[] => item(e, extra);

export const RSS_TAIL = '</channel></rss>\n';

export function renderRss(view: FeedView, entries: Entry[]): string {
  const extra = profileItemXml(view);
  return rssHead(view) + entries.map((e) => item(e, extra).join('')).join('') + RSS_TAIL;
}
