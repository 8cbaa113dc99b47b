// The feeds a site publishes, grouped for the two discovery documents (feeds.opml, index.html).
import type { Config, PartnerConfig } from '../config/schema.js';
import { filePath } from '../render/index.js';
import type { FeedView, Format } from '../types.js';

export interface FeedGroup {
  kind: 'main' | 'tag' | 'partner';
  heading: string;
  feeds: Listing[];
}

export interface Listing {
  view: FeedView;
  /** Set for partner feeds: what the page says the partner receives. */
  partner?: PartnerConfig;
  /** Per format, the file's path relative to out/ and its public URL. */
  files: { format: Format; path: string; url: string }[];
}

export const FORMAT_NAMES: Record<Format, string> = { rss: 'RSS 2.0', atom: 'Atom 1.0', json: 'JSON Feed 1.1' };

/** Subscription documents only (archive pages are reached from their feed), main first, then tags, then partners. */
export function feedGroups(config: Config, views: readonly FeedView[]): FeedGroup[] {
  const listing = (view: FeedView): Listing => ({
    view,
    partner: config.partners.find((p) => view.dir === `partners/${p.name}`),
    files: view.formats.map((format) => ({ format, path: filePath(view.dir, format), url: view.links.self[format] })),
  });
  const current = views.filter((v) => !v.archive);
  const groups: FeedGroup[] = [
    { kind: 'main', heading: 'Main feed', feeds: current.filter((v) => v.dir === '').map(listing) },
    { kind: 'tag', heading: 'Topics', feeds: current.filter((v) => v.dir.startsWith('tags/')).map(listing) },
    { kind: 'partner', heading: 'Partner feeds', feeds: current.filter((v) => v.dir.startsWith('partners/')).map(listing) },
  ];
  return groups.filter((g) => g.feeds.length > 0);
}
