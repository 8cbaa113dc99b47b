// Feedly: the webfeeds namespace from Feedly's publisher post "10 ways to optimize your feed for
// Feedly" (blog.feedly.com), as summarized in docs/platforms/sources.md: icon, logo (SVG), cover,
// accentColor, analytics. Feedly publishes no item rules; a card without an image is text only.
import { cleanText } from '../items/clean.js';
import { escapeAttr, escapeText } from '../render/xml.js';
import { imageRequired } from './rules.js';
import type { Profile } from './types.js';

export const WEBFEEDS_NS = 'http://webfeeds.org/rss/1.0';

const el = (tag: string, v: string | undefined) => (v ? `<${tag}>${escapeText(cleanText(v))}</${tag}>` : '');

export const feedly: Profile = {
  name: 'feedly',
  platform: 'Feedly',
  sources: ['https://blog.feedly.com/10-ways-to-optimize-your-feed-for-feedly/'],
  budget: {},
  takedown: 'tombstone',
  identity: ['icon', 'logo', 'cover', 'accent_color', 'analytics'],
  extensions: {
    namespaces: { webfeeds: WEBFEEDS_NS },
    head: (id) => [
      el('webfeeds:icon', id.icon),
      el('webfeeds:logo', id.logo),
      id.cover ? `<webfeeds:cover image="${escapeAttr(cleanText(id.cover))}"/>` : '',
      el('webfeeds:accentColor', id.accent_color),
      id.analytics?.id
        ? `<webfeeds:analytics id="${escapeAttr(cleanText(id.analytics.id))}" engine="${escapeAttr(cleanText(id.analytics.engine ?? 'GoogleAnalytics'))}"/>`
        : '',
    ],
  },
  rules: [imageRequired('Feedly')],
};
