// The two discovery documents, rendered like feeds so publish writes them the same way.
import type { Config } from '../config/schema.js';
import type { FeedView, RenderedFeed } from '../types.js';
import { renderOpml } from './opml.js';
import { renderIndexPage } from './page.js';

export function renderDiscovery(config: Config, views: readonly FeedView[]): RenderedFeed[] {
  return [
    { path: 'feeds.opml', contentType: 'text/x-opml; charset=utf-8', body: renderOpml(config, views) },
    { path: 'index.html', contentType: 'text/html; charset=utf-8', body: renderIndexPage(config, views) },
  ];
}

export { renderIndexPage, renderOpml };
