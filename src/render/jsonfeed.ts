// JSON Feed 1.1. What the spec has no field for travels in the `_attribution` extension.
import type { FeedView } from '../types.js';
import { rfc3339, type Entry } from './entry.js';

const compact = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;

function item(e: Entry) {
  return compact({
    id: e.id,
    url: e.url,
    title: e.title,
    summary: e.summary,
    content_html: e.contentHtml,
    image: e.image?.url,
    date_published: rfc3339(e.published),
    date_modified: rfc3339(e.updated),
    authors: e.authors.map((a) => compact({ name: a.name, url: a.url ?? (a.email ? `mailto:${a.email}` : undefined) })),
    tags: e.tags.map((t) => t.term),
    language: e.language,
    attachments: e.image
      ? [compact({ url: e.image.url, mime_type: e.image.enclosureType, title: e.image.caption, size_in_bytes: e.image.length })]
      : undefined,
    _attribution: compact({
      credit: e.credit,
      canonical_url: e.url,
      authors: e.authors.map((a) => compact({ ...a })),
      contributors: e.contributors.map((c) => compact({ ...c })),
      source: e.source ? compact({ ...e.source }) : undefined,
      image: e.image
        ? compact({ url: e.image.url, caption: e.image.caption, credit: e.image.credit, rights: e.image.rights })
        : undefined,
      rights: e.rights,
      license: e.license,
    }),
  });
}

/**
 * The document in pieces, in order (see rssParts): the same bytes as JSON.stringify(feed,
 * null, 2), one item at a time.
 */
export function* jsonFeedParts(view: FeedView, entries: Iterable<Entry>): Generator<string> {
  const feed = compact({
    version: 'https://jsonfeed.org/version/1.1',
    title: view.title,
    home_page_url: view.homeUrl,
    feed_url: view.links.self.json,
    description: view.description,
    icon: view.icon,
    language: view.language,
    hubs: view.links.hub ? [{ type: 'WebSub', url: view.links.hub }] : undefined,
    // RFC 5005's paging, in JSON Feed's terms: next_url leads back to older items.
    next_url: view.links.prevArchive?.json,
    _wirefeed: compact({
      updated: rfc3339(view.updated),
      rights: view.rights,
      archive: view.archive || undefined,
      complete: view.complete || undefined,
      current: view.links.current?.json,
      next_archive: view.links.nextArchive?.json,
    }),
  });
  // items is required even when empty, so it is added after compact().
  const head = JSON.stringify({ ...feed, items: [] }, null, 2);
  const open = head.slice(0, head.lastIndexOf('[]'));
  let first = true;
  for (const e of entries) {
    // At depth two: every line of the item indented by four more spaces (strings hold no raw newline).
    yield `${first ? `${open}[` : ','}\n    ${JSON.stringify(item(e), null, 2).replace(/\n/g, '\n    ')}`;
    first = false;
  }
  yield first ? `${head}\n` : '\n  ]\n}\n';
}

export function renderJsonFeed(view: FeedView, entries: Entry[]): string {
  return [...jsonFeedParts(view, entries)].join('');
}
