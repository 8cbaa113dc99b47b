// SmartNews (SmartFormat 2.1, publishers.smartnews.com). The stored copies of SmartNews' own
// pages could not be found to re-check: the figures are from docs/platforms/sources.md (late 2026).
import { escapeText } from '../render/xml.js';
import { cleanText } from '../items/clean.js';
import { imageRequired } from './rules.js';
import type { Profile } from './types.js';

const P = 'SmartNews';
export const SNF_NS = 'http://www.smartnews.be/snf';

const url = (tag: string, href: string | undefined) => (href ? `<${tag}><url>${escapeText(cleanText(href))}</url></${tag}>` : '');

export const smartnews: Profile = {
  name: 'smartnews',
  platform: 'SmartNews',
  sources: ['https://publishers.smartnews.com/hc/en-us/articles/360010977793'],
  // "Feed about 1 MB at most."
  budget: { maxBytes: 1_000_000 },
  takedown: 'tombstone',
  identity: ['logo', 'dark_logo', 'analytics'],
  requires: ['logo'],
  extensions: {
    namespaces: { snf: SNF_NS },
    head: (id, format) => [
      // ttl: how often to fetch, in minutes (RSS only: Atom has no such element).
      format === 'rss' ? '<ttl>15</ttl>' : '',
      url('snf:logo', id.logo),
      url('snf:darkModeLogo', id.dark_logo),
    ],
    // The tracking snippet, per article; written as text (escaped), which any XML reader unescapes to the same HTML.
    item: (id) => (id.analytics?.html ? `<snf:analytics>${escapeText(cleanText(id.analytics.html))}</snf:analytics>` : ''),
  },
  rules: [
    // A thumbnail per article (media:thumbnail / media:content): cards without one are text only.
    imageRequired(P),
  ],
};
