// Apple News: "RSS guidelines for Apple News" (support.apple.com/guide/news-publisher/
// apdc2c7520ff), checked 2026-12-01.
import { fullText, noReadMore, titleLength } from './rules.js';
import type { Profile } from './types.js';

const P = 'Apple News';

export const appleNews: Profile = {
  name: 'apple-news',
  platform: 'Apple News',
  sources: ['https://support.apple.com/guide/news-publisher/apdc2c7520ff/icloud'],
  budget: {},
  takedown: 'tombstone',
  identity: [],
  rules: [
    // "Titles should be between 15 and 60 characters long, but there's no minimum."
    titleLength(P, 0, 60),
    // "Long-form (full text) RSS is recommended."
    fullText(P),
    // "Don't include "Read original story" or similar links"; "Read More" at the end is suppressed.
    noReadMore(P),
  ],
};
