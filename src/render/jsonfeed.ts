// JSON Feed 1.1. What the spec has no field for travels in the `_attribution` extension.
import type { FeedView } from '../types.js';
import { rfc3339, type Entry } from './entry.js';

const compact = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;

// JSON.stringify leaves out undefined members itself; compact() would also drop empty lists.
const list = <T>(a: T[]): T[] | undefined => (a.length ? a : undefined);

// Built with the members in the order compact() keeps them; Person, Contributor and Source hold
// only strings, which JSON.stringify writes (or leaves out when undefined) as compact() did.
function item(e: Entry) {
  const image = e.image;
  return {
    id: e.id,
    url: e.url,
    title: e.title,
    summary: e.summary,
    content_html: e.contentHtml,
    image: image?.url,
    date_published: rfc3339(e.published),
    date_modified: rfc3339(e.updated),
    authors: list(e.authors.map((a) => ({ name: a.name, url: a.url ?? (a.email ? `mailto:${a.email}` : undefined) }))),
    tags: list(e.tags.map((t) => t.term)),
    language: e.language,
    attachments: image ? [{ url: image.url, mime_type: image.enclosureType, title: image.caption, size_in_bytes: image.length }] : undefined,
    _attribution: {
      credit: e.credit,
      canonical_url: e.url,
      authors: list(e.authors),
      contributors: list(e.contributors),
      source: e.source,
      image: image ? { url: image.url, caption: image.caption, credit: image.credit, rights: image.rights } : undefined,
      rights: e.rights,
      license: e.license,
    },
  };
}

// One item as it stands at depth two of the document: stringified inside the same nesting
// (`{"items": [item]}`) and cut out, so the native serializer does the indenting.
const OPEN = '{\n  "items": [\n    '.length;
const CLOSE = '\n  ]\n}'.length;
const atDepthTwo = (o: object) => {
  const s = JSON.stringify({ items: [o] }, null, 2);
  return s.slice(OPEN, s.length - CLOSE);
};

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
    yield `${first ? `${open}[` : ','}\n    ${atDepthTwo(item(e))}`;
    first = false;
  }
  yield first ? `${head}\n` : '\n  ]\n}\n';
}

export function renderJsonFeed(view: FeedView, entries: Entry[]): string {
  return [...jsonFeedParts(view, entries)].join('');
}
