// Flipboard: about.flipboard.com/rss-spec and the publisher FAQ ("Resubmit an RSS feed",
// flipboard.helpshift.com), checked 2026-12-01. The spec says images "no less than 400px in the
// smallest dimension", the FAQ "should not be under 500px": wirefeed holds to the spec's 400.
import { byline, fullText, hasCategory, imageMinSize, imageRequired, summaryLength } from './rules.js';
import type { Profile } from './types.js';

const P = 'Flipboard';

export const flipboard: Profile = {
  name: 'flipboard',
  platform: 'Flipboard',
  sources: ['https://about.flipboard.com/rss-spec/', 'https://flipboard.helpshift.com/hc/en/1-flipboard/faq/1023-resubmit-an-rss-feed/'],
  // No size limit published; "At least 30 items" (the FAQ: "at least the 20 most recent").
  budget: { minItems: 30 },
  takedown: 'tombstone',
  identity: [],
  rules: [
    // "The entire body copy of your article, not just headlines and summaries."
    fullText(P),
    // "At least one image per article, no less than 400px in the smallest dimension."
    imageRequired(P),
    imageMinSize(P, 400, 'shortest'),
    // "<description> … should generally contain 300 or more characters"
    summaryLength(P, 300),
    // "<dc:creator>: The author(s) of the article."
    byline(P),
    hasCategory(P),
  ],
};
