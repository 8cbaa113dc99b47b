// The discovery documents, rendered like feeds so publish writes them the same way: the two
// public ones (which name no partner) and the private ones under partners/<token>/.
import type { Config } from '../config/schema.js';
import type { PartnerAccess } from '../partners/access.js';
import type { FeedView, RenderedFeed } from '../types.js';
import { renderOpml } from './opml.js';
import { renderIndexPage } from './page.js';
import { renderPrivate } from './private.js';

export function renderDiscovery(config: Config, views: readonly FeedView[], access?: PartnerAccess): RenderedFeed[] {
  return [
    { path: 'feeds.opml', contentType: 'text/x-opml; charset=utf-8', body: renderOpml(config, views) },
    { path: 'index.html', contentType: 'text/html; charset=utf-8', body: renderIndexPage(config, views) },
    ...renderPrivate(config, views, access),
  ];
}

export { renderIndexPage, renderOpml };
