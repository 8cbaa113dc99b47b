// MSN / Microsoft Start (Partner Hub). Figures from support.microsoft.com, checked 2026-12-01:
// "MSN feed item metadata requirements", "MSN content expiration and takedown rules",
// "Feed content specifications" (helpcenter.microsoftstart.com/kb/feed-specifications) and
// "MSN HTML guidelines and tag restrictions".
import { byline, fullText, imageMinSize, imageRatio, maxAge, photoCredit, titleLength } from './rules.js';
import type { Profile } from './types.js';

const P = 'MSN';

export const msn: Profile = {
  name: 'msn',
  platform: 'MSN / Microsoft Start',
  sources: [
    'https://support.microsoft.com/topic/msn-feed-item-metadata-requirements-0114c19c-36bb-4fef-8322-4a1ed6888329',
    'https://support.microsoft.com/topic/msn-content-expiration-and-takedown-rules-c06e8a18-8365-43dc-a5b3-364f1a470edf',
    'https://helpcenter.microsoftstart.com/kb/feed-specifications',
    'https://support.microsoft.com/topic/msn-html-guidelines-and-tag-restrictions-2a12f610-f3da-43ea-8dc4-766f6df89e8d',
  ],
  // "Feeds under 10 MB"; older content "falls off after about 20 items", about 30 new per fetch.
  budget: { maxBytes: 10_000_000, maxItems: 30 },
  // Allowed tags; attributes are removed "unless they are used by underlying features such as
  // href in <a> and src in <img>". <figure> is on the restricted list: its caption becomes a paragraph.
  html: {
    tags: ['b', 'i', 'em', 'strong', 'sub', 'sup', 'small', 'h1', 'h2', 'h3', 'h4', 'h5', 'a', 'img', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'col', 'caption', 'colgroup', 'ol', 'ul', 'li', 'span', 'div', 'p', 'br', 'blockquote'],
    attributes: { a: ['href'], img: ['src', 'alt'] },
    rename: { figcaption: 'p', h6: 'h5' },
  },
  // "An expiration date in the past, an updated date that is newer, the same unique ID."
  takedown: 'expiry',
  identity: [],
  rules: [
    // "more than 20 characters but not exceed 150-characters unless a short title is also provided"
    titleLength(P, 20, 150, false),
    // "less than 365 days old otherwise it will not be ingested"
    maxAge(P, 365),
    // "An article must have a Unique ID, Title, Published date, Body, and Link URL."
    fullText(P),
    // "at least 720px in height or width"; "may not display correctly if the ratio is less than .5 or greater than 1.89"
    imageMinSize(P, 720, 'longest'),
    imageRatio(P, 0.5, 1.89),
    photoCredit(P),
    byline(P),
  ],
};
