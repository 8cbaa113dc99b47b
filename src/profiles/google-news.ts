// Google News (Publisher Center): "Technical feed requirements", support.google.com/news/
// publisher-center/answer/9545420, checked 2026-12-01; the image size from the older
// "Feed-based inclusion guidelines" (support.google.com/news/producer/answer/4304250).
import { bodyBytes, fullText, imageMinSize } from './rules.js';
import type { Profile } from './types.js';

const P = 'Google News';

export const googleNews: Profile = {
  name: 'google-news',
  platform: 'Google News',
  sources: [
    'https://support.google.com/news/publisher-center/answer/9545420',
    'https://support.google.com/news/producer/answer/4304250',
  ],
  // "1 MB per article and 2 MB per feed"; "Up to 60 new articles per fetch".
  budget: { maxBytes: 2_000_000, maxItems: 60 },
  // "The RSS pubDate is what marks an article as modified" (the feed requirements): a
  // correction's `updated` goes there, or Google News keeps the version it first fetched.
  pubDate: 'updated',
  takedown: 'tombstone',
  identity: [],
  rules: [
    bodyBytes(P, 1_000_000),
    // "provide full articles and media assets"; users "must be able to read full-length articles".
    fullText(P),
    // "The shortest side of an image should be 800px" (older guidance).
    imageMinSize(P, 800, 'shortest'),
  ],
};
