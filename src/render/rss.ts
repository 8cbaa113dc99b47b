// RSS 2.0 with the Dublin Core, content, Media RSS, Creative Commons and Atom modules.
import type { FeedView } from '../types.js';
import { rfc822, type Entry } from './entry.js';
import { archiveLinks, mediaContent } from './shared.js';
import { attributes, el } from './xml.js';

const NS = {
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:media': 'http://search.yahoo.com/mrss/',
  'xmlns:creativeCommons': 'http://backend.userland.com/creativeCommonsRssModule',
  'xmlns:fh': 'http://purl.org/syndication/history/1.0',
};

function item(e: Entry): string {
  const parts = [
    el('title', e.title),
    el('link', e.url),
    el('guid', e.id, { isPermaLink: e.idIsUrl ? 'true' : 'false' }),
    el('pubDate', rfc822(e.published)),
    // The channel has one language; an item in another says so, or partners would mislabel it.
    el('dc:language', e.language),
    el('description', e.descriptionHtml),
    el('content:encoded', e.contentHtml),
    // dc:creator carries the byline; RSS <author> needs an email and would duplicate it.
    ...e.authors.map((a) => el('dc:creator', a.name)),
    ...e.contributors.map((c) => el('dc:contributor', c.name)),
    // The validator flags source and dc:source together: one or the other.
    e.source ? (e.source.feed ? el('source', e.source.name, { url: e.source.feed }) : el('dc:source', e.source.url)) : '',
    ...e.tags.map((t) => el('category', t.term, { domain: t.url })),
    el('dc:rights', e.rights),
    el('creativeCommons:license', e.license),
    e.image ? mediaContent(e.image) : '',
    // length is required: 0 stands for unknown (RSS Best Practices; the validator accepts it).
    e.image ? `<enclosure${attributes({ url: e.image.url, length: e.image.length ?? 0, type: e.image.enclosureType })}/>` : '',
  ];
  return `<item>${parts.join('')}</item>`;
}

/**
 * The document in pieces, in order: renderRss joins them; a writer can also write them one by
 * one, so that a document of many thousand items never has to be one string in memory.
 */
export function* rssParts(view: FeedView, entries: Iterable<Entry>): Generator<string> {
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
  ];
  yield `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"${attributes(NS)}><channel>${channel.join('\n')}`;
  for (const e of entries) yield `\n${item(e)}`;
  yield '</channel></rss>\n';
}

export function renderRss(view: FeedView, entries: Entry[]): string {
  return [...rssParts(view, entries)].join('');
}
