// The feeds a site publishes, grouped for the two public discovery documents (feeds.opml,
// index.html), and each partner's own, for the private documents (discovery/private.ts).
import type { Config, PartnerConfig } from '../config/schema.js';
import { tokenDir, type PartnerAccess } from '../partners/access.js';
import { filePath } from '../render/index.js';
import type { FeedView, Format } from '../types.js';

export interface FeedGroup {
  kind: 'main' | 'tag';
  heading: string;
  feeds: Listing[];
}

export interface Listing {
  view: FeedView;
  /** Per format, the file's path relative to out/ and its public URL. */
  files: { format: Format; path: string; url: string }[];
}

export const FORMAT_NAMES: Record<Format, string> = { rss: 'RSS 2.0', atom: 'Atom 1.0', json: 'JSON Feed 1.1' };

const listing = (view: FeedView): Listing => ({
  view,
  files: view.formats.map((format) => ({ format, path: filePath(view.dir, format), url: view.links.self[format] })),
});

/**
 * The public feeds: subscription documents only (archive pages are reached from their feed),
 * main first, then tags. Partner feeds are never listed here: nothing public names a partner.
 */
export function feedGroups(config: Config, views: readonly FeedView[]): FeedGroup[] {
  const current = views.filter((v) => !v.archive);
  const groups: FeedGroup[] = [
    { kind: 'main', heading: 'Main feed', feeds: current.filter((v) => v.dir === '').map(listing) },
    { kind: 'tag', heading: 'Topics', feeds: current.filter((v) => v.dir.startsWith('tags/')).map(listing) },
  ];
  return groups.filter((g) => g.feeds.length > 0);
}

/** Each configured partner, in config order, with its subscription document when it has a secret. */
export function partnerListings(config: Config, views: readonly FeedView[], access: PartnerAccess | undefined): { partner: PartnerConfig; listing?: Listing; dir?: string }[] {
  return config.partners.map((partner) => {
    const token = access?.tokens.get(partner.name);
    if (!token) return { partner };
    const dir = tokenDir(token);
    const view = views.find((v) => !v.archive && v.dir === dir);
    return view ? { partner, dir, listing: listing(view) } : { partner, dir };
  });
}
