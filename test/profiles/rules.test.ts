// The rule shapes (src/profiles/rules.ts): each fires exactly outside its platform's figure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROFILES, checkItem, judgeItems, takedownItem } from '../../src/profiles/index.js';
import { bodyBytes, byline, imageMinSize, imageRatio, imageSizes, maxAge, photoCredit, titleLength } from '../../src/profiles/rules.js';
import { makeItem } from '../helpers/item.js';

const DAY = 86_400_000;
const ctx = { now: Date.parse('2026-12-01T12:00:00Z'), fullText: true };

describe('rules', () => {
  it('title length: MSN over 20 and up to 150, counted in characters (not UTF-16 units)', () => {
    const rule = titleLength('MSN', 20, 150, false);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), (n) => {
        const title = '🚢'.repeat(n); // two UTF-16 units each
        const f = rule(makeItem({ title }), ctx);
        expect(f === undefined).toBe(n > 20 && n <= 150);
      }),
    );
  });

  it('age: 364 days passes, 365 fails', () => {
    const rule = maxAge('MSN', 365);
    expect(rule(makeItem({ published: ctx.now - 364 * DAY }), ctx)).toBeUndefined();
    expect(rule(makeItem({ published: ctx.now - 365 * DAY }), ctx)?.message).toBe('MSN ignores items 365 days old or more; this one is 365 days old');
  });

  it('image size: the largest of the image and its renditions counts, each pointed at by its own path', () => {
    const image = { url: 'https://x.example/a.jpg', width: 300, height: 200, renditions: [{ url: 'https://x.example/b.jpg', width: 1600, height: 900 }] };
    expect(imageSizes(image).map((s) => s.at)).toEqual([['image', 'width'], ['image', 'renditions', 0]]);
    expect(imageMinSize('Google News', 800)(makeItem({ image }), ctx)).toBeUndefined();
    const small = { ...image, renditions: [{ url: 'https://x.example/b.jpg', width: 700, height: 500 }] };
    expect(imageMinSize('Google News', 800)(makeItem({ image: small }), ctx)).toEqual({
      field: 'image.width',
      at: ['image', 'renditions', 0],
      message: 'Google News wants images at least 800 px on its shortest side; the largest given is 700×500',
    });
  });

  it('ratio: MSN 0.5 to 1.89; one fitting rendition is enough', () => {
    const rule = imageRatio('MSN', 0.5, 1.89);
    expect(rule(makeItem({ image: { url: 'https://x.example/a.jpg', width: 1200, height: 675 } }), ctx)).toBeUndefined();
    expect(rule(makeItem({ image: { url: 'https://x.example/a.jpg', width: 1200, height: 624 } }), ctx)?.message).toBe(
      'MSN shows images with a width/height ratio of 0.5 to 1.89; 1200×624 is 1.92',
    );
  });

  it('photo credit, byline and article bytes', () => {
    expect(photoCredit('MSN')(makeItem({ image: { url: 'https://x.example/a.jpg', credit: ' ' } }), ctx)?.field).toBe('image.credit');
    expect(photoCredit('MSN')(makeItem({ image: { url: 'https://x.example/a.jpg', credit: 'A/B' } }), ctx)).toBeUndefined();
    expect(byline('Flipboard')(makeItem({ authors: [{ name: '  ' }] }), ctx)?.field).toBe('authors');
    const rule = bodyBytes('Google News', 1_000_000);
    expect(rule(makeItem({ body: { format: 'html', text: 'å'.repeat(500_000) } }), ctx)).toBeUndefined(); // exactly 1,000,000 bytes
    expect(rule(makeItem({ body: { format: 'html', text: `${'å'.repeat(500_000)}x` } }), ctx)?.message).toBe('Google News takes articles up to 1000000 bytes; this body has 1000001');
  });

  it('full text: a partner with full_text: false breaks it even when the item has a body', () => {
    const item = makeItem({ body: { format: 'markdown', text: 'Text.' } });
    expect(checkItem(item, PROFILES['apple-news'], { ...ctx, fullText: false }).map((f) => f.message)).toEqual([
      'Apple News wants the full text; this partner has full_text: false',
    ]);
  });
});

describe('judgeItems', () => {
  const good = (i: number) => makeItem({ id: `g${i}`, title: `A title long enough for MSN ${i}`, body: { format: 'markdown', text: 'x' }, published: ctx.now - i * 1000 });
  const bad = (i: number) => makeItem({ id: `b${i}`, title: 'Short', body: { format: 'markdown', text: 'x' }, published: ctx.now - i * 1000 });
  it('--strict: a failing item is left out and the next good one takes its place', () => {
    const list = [good(1), bad(2), good(3), bad(4), good(5)];
    expect(judgeItems(list, PROFILES.msn, ctx, 3, true).items.map((i) => i.id)).toEqual(['g1', 'g3', 'g5']);
    const plain = judgeItems(list, PROFILES.msn, ctx, 3, false);
    expect(plain.items.map((i) => i.id)).toEqual(['g1', 'b2', 'g3']);
    expect(plain.findings.map((f) => f.item.id)).toEqual(['b2']);
  });
});

describe('takedownItem', () => {
  it('keeps id, url, title and published; the expiry is the kill, updated is never older than before', () => {
    const item = makeItem({ title: 'T', updated: 5000, published: 1000, body: { format: 'markdown', text: 'secret' }, image: { url: 'https://x.example/a.jpg' } });
    const t = takedownItem({ item, when: 9000, reason: 'legal advice', cause: 'withdrawn' });
    expect([t.id, t.url, t.title, t.published, t.updated, t.syndication.expires]).toEqual([item.id, item.url, 'T', 1000, 9000, 9000]);
    expect(t.body).toBeUndefined();
    expect(t.image).toBeUndefined();
    expect(t.summary).toBe('This story has been withdrawn: legal advice.');
    expect(takedownItem({ item, when: 3000, reason: 'x', cause: 'withdrawn' }).updated).toBe(5000);
  });
});
