// Atom 1.0 (RFC 4287) with Media RSS, RFC 4946 license links and RFC 5005 paging.
import type { Contributor, FeedView, Person } from '../types.js';
import { rfc3339, type Entry } from './entry.js';
import { archiveLinks, mediaContent } from './shared.js';
import { attributes, el } from './xml.js';

const NS = {
  xmlns: 'http://www.w3.org/2005/Atom',
  'xmlns:media': 'http://search.yahoo.com/mrss/',
  'xmlns:fh': 'http://purl.org/syndication/history/1.0',
};

const person = (tag: 'author' | 'contributor', p: Person | Contributor) =>
  `<${tag}>${el('name', p.name)}${el('uri', p.url)}${'email' in p ? el('email', p.email) : ''}</${tag}>`;

const link = (rel: string, href: string, extra: Record<string, string | number | undefined> = {}) =>
  `<link${attributes({ rel, href, ...extra })}/>`;

function entry(e: Entry): string {
  const source = e.source
    ? e.source.feed
      ? `<source>${el('title', e.source.name)}${link('alternate', e.source.url, { type: 'text/html' })}${link('self', e.source.feed)}</source>`
      : link('via', e.source.url, { title: e.source.name })
    : '';
  const parts = [
    el('id', e.atomId),
    el('title', e.title, { type: 'text' }),
    link('alternate', e.url, { type: 'text/html' }),
    el('published', rfc3339(e.published)),
    el('updated', rfc3339(e.updated)),
    ...e.authors.map((a) => person('author', a)),
    ...e.contributors.map((c) => person('contributor', c)),
    el('summary', e.summary, { type: 'text' }),
    el('content', e.contentHtml, { type: 'html' }),
    ...e.tags.map((t) => `<category${attributes({ term: t.term, scheme: t.scheme })}/>`),
    el('rights', e.rights, { type: 'text' }),
    e.license ? link('license', e.license) : '',
    source,
    e.image ? link('enclosure', e.image.url, { type: e.image.type, length: e.image.length, title: e.image.caption }) : '',
    e.image ? mediaContent(e.image) : '',
  ];
  const lang = e.language ? attributes({ 'xml:lang': e.language }) : '';
  return `<entry${lang}>${parts.join('')}</entry>`;
}

/** The document in pieces, in order (see rssParts). */
export function* atomParts(view: FeedView, entries: Iterable<Entry>): Generator<string> {
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
  ];
  yield `<?xml version="1.0" encoding="utf-8"?>\n<feed${attributes({ ...NS, 'xml:lang': view.language })}>${head.join('\n')}`;
  for (const e of entries) yield `\n${entry(e)}`;
  yield '</feed>\n';
}

export function renderAtom(view: FeedView, entries: Entry[]): string {
  return [...atomParts(view, entries)].join('');
}
