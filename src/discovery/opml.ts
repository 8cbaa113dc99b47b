// out/feeds.opml: every feed as an OPML 2.0 subscription list, grouped in folders.
// One outline per feed (its RSS, else its first format), so a reader that imports the
// list subscribes once to each; index.html lists every format.
import type { Config } from '../config/schema.js';
import { rfc822 } from '../render/entry.js';
import { attributes, el } from '../render/xml.js';
import type { FeedView, Format } from '../types.js';
import { feedGroups, type FeedGroup, type Listing } from './feeds.js';

const VERSION: Record<Format, string> = { rss: 'RSS2', atom: 'ATOM1', json: 'JSONFEED1.1' };

function outline(l: Listing): string {
  const file = l.files.find((f) => f.format === 'rss') ?? l.files[0];
  // A partner that takes ninjs alone has no feed to subscribe to.
  if (!file) return '';
  return `<outline${attributes({
    type: 'rss',
    text: l.view.title,
    title: l.view.title,
    description: l.view.description,
    xmlUrl: file.url,
    htmlUrl: l.view.homeUrl,
    language: l.view.language,
    version: VERSION[file.format],
  })}/>`;
}

/** The public list: the main feed and the tag feeds, never a partner's. */
export function renderOpml(config: Config, views: readonly FeedView[]): string {
  return opmlDocument(`${config.site.title}: feeds`, feedGroups(config, views));
}

/** A partner's own list (partners/<token>/feeds.opml): its feed, and nothing else. */
export function renderPartnerOpml(listing: Listing): string {
  return opmlDocument(listing.view.title, [{ heading: listing.view.title, feeds: [listing] }]);
}

function opmlDocument(title: string, groups: readonly Pick<FeedGroup, 'heading' | 'feeds'>[]): string {
  // The newest item's time, never the clock: a run that changes nothing rewrites nothing.
  const updated = Math.max(0, ...groups.flatMap((g) => g.feeds.map((f) => f.view.updated)));
  const head = [
    el('title', title),
    el('dateModified', rfc822(updated)),
    el('docs', 'https://opml.org/spec2.opml'),
  ].join('');
  const body = groups
    .map((g) => `<outline${attributes({ text: g.heading, title: g.heading })}>\n${g.feeds.map(outline).filter(Boolean).join('\n')}\n</outline>`)
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0"><head>${head}</head>\n<body>\n${body}\n</body></opml>\n`;
}
