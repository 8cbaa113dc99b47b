// `wirefeed check` applies each partner's profile to what it receives: the exact output, pinned,
// for fixtures that break and that meet each rule (test/fixtures/profiles/<platform>/items:
// meets.md breaks none; every other file breaks the rules its name says).
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const W = (platform: string, file: string, line: number, field: string, partner: string, message: string) =>
  `test/fixtures/profiles/${platform}/items/${file}:${line}: warning: ${field}: partner ${partner} (${platform}): ${message}`;

describe('wirefeed check with a profiled partner', () => {
  it('msn: title length, age, full text, image size and ratio; meets.md and the killed story pass', async () => {
    const r = await run('msn', ['check']);
    expect(r.err).toEqual([
      W('msn', 'narrow-image.md', 11, 'image.width', 'msn-start', 'MSN shows images with a width/height ratio of 0.5 to 1.89; 2000×800 is 2.50'),
      W('msn', 'no-body.md', 2, 'body', 'msn-start', 'MSN wants the full text; this item has no body'),
      W('msn', 'old-story.md', 4, 'published', 'msn-start', 'MSN ignores items 365 days old or more; this one is 395 days old'),
      W('msn', 'short-title.md', 2, 'title', 'msn-start', 'MSN wants a title of over 20 and up to 150 characters; this one has 12'),
      W('msn', 'small-image.md', 11, 'image.width', 'msn-start', 'MSN wants images at least 720 px on its longest side; the largest given is 600×400'),
    ]);
    expect(r.out).toBe('wirefeed check: 6 items (1 withdrawn); 5 warnings; 10 files would be written\n');
    expect(r.code).toBe(0);
  });

  it('google-news: full text, image shortest side, an image without a size', async () => {
    const r = await run('google-news', ['check']);
    expect(r.err).toEqual([
      W('google-news', 'no-body.md', 2, 'body', 'google', 'Google News wants the full text; this item has no body'),
      W('google-news', 'no-size.md', 7, 'image.width', 'google', 'Google News wants images at least 800 px on its shortest side: give image.width and image.height (or renditions) so this can be checked'),
      W('google-news', 'small-image.md', 11, 'image.width', 'google', 'Google News wants images at least 800 px on its shortest side; the largest given is 1200×600'),
    ]);
    expect(r.code).toBe(0);
  });

  it('flipboard: image presence and size, description length, categories', async () => {
    const r = await run('flipboard', ['check']);
    expect(r.err).toEqual([
      W('flipboard', 'small-image.md', 12, 'image.width', 'flipboard', 'Flipboard wants images at least 400 px on its shortest side; the largest given is 1000×300'),
      W('flipboard', 'thin.md', 2, 'image', 'flipboard', 'Flipboard wants an image with every item; this one has none'),
      W('flipboard', 'thin.md', 2, 'tags', 'flipboard', 'Flipboard reads categories; this item has no tags'),
      W('flipboard', 'thin.md', 5, 'summary', 'flipboard', 'Flipboard wants a description of 300 characters or more; this one has 29'),
      // The feed as a whole: a run warns, whatever the items.
      "wirefeed: warning: partner flipboard (flipboard): Flipboard wants at least 30 items in the feed; it has 3 (raise the partner's limit, or wait for more stories)",
    ]);
  });

  it('smartnews: a thumbnail per article', async () => {
    const r = await run('smartnews', ['check']);
    expect(r.err).toEqual([W('smartnews', 'no-image.md', 2, 'image', 'smartnews', 'SmartNews wants an image with every item; this one has none')]);
  });

  it('apple-news: titles up to 60 characters, full text, no "read more" links', async () => {
    const r = await run('apple-news', ['check']);
    expect(r.err).toEqual([
      W('apple-news', 'long-title.md', 2, 'title', 'apple', 'Apple News wants a title of up to 60 characters; this one has 89'),
      W('apple-news', 'read-more.md', 2, 'body', 'apple', 'Apple News wants the full text; this item has no body'),
      W('apple-news', 'read-more.md', 5, 'summary', 'apple', 'Apple News suppresses "read more" links; found "Read more"'),
    ]);
  });

  it('feedly: an image for the card', async () => {
    const r = await run('feedly', ['check']);
    expect(r.err).toEqual([W('feedly', 'no-image.md', 2, 'image', 'feedly', 'Feedly wants an image with every item; this one has none')]);
  });

  it('--strict: the same findings are errors for that partner only; nothing is skipped, exit 1', async () => {
    const r = await run('msn', ['check', '--strict']);
    expect(r.err[0]).toBe(
      "test/fixtures/profiles/msn/items/narrow-image.md:11: image.width: partner msn-start (msn): MSN shows images with a width/height ratio of 0.5 to 1.89; 2000×800 is 2.50: left out of this partner's feed (--strict)",
    );
    expect(r.err).toHaveLength(5);
    expect(r.out).toBe("wirefeed check: 6 items (1 withdrawn); 5 profile errors (items left out of those partners' feeds); 10 files would be written\n");
    expect(r.code).toBe(1);
  });
});
