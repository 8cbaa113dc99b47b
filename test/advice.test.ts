// src/advice.ts: the hand-written UTF-8 check agrees with the platform's decoder; dates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstBadUtf8, impossibleDate, notReadAdvice } from '../src/advice.js';

const decodes = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe('firstBadUtf8', () => {
  it('finds a fault exactly when TextDecoder refuses the bytes, and the text before it is valid', () => {
    // Valid text with a few arbitrary bytes spliced in, so both outcomes are common.
    const bytes = fc
      .tuple(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.uint8Array({ maxLength: 4 }), fc.string({ maxLength: 10 }))
      .map(([a, junk, b]) => new Uint8Array([...Buffer.from(a), ...junk, ...Buffer.from(b)]));
    fc.assert(
      fc.property(bytes, (b) => {
        const bad = firstBadUtf8(b);
        expect(bad === undefined).toBe(decodes(b));
        if (bad) {
          expect(decodes(b.subarray(0, bad.offset))).toBe(true);
          const before = Buffer.from(b.subarray(0, bad.offset)).toString('utf8');
          expect(bad.line).toBe(before.split('\n').length);
          expect(bad.column).toBe([...before.slice(before.lastIndexOf('\n') + 1)].length + 1);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses overlong forms, surrogates and code points past U+10FFFF', () => {
    for (const seq of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0x80]])
      expect(firstBadUtf8(new Uint8Array([0x61, ...seq]))).toMatchObject({ offset: 1, column: 2, byte: seq[0] });
  });
});

describe('impossibleDate', () => {
  it('names the days of the month, leap years included', () => {
    expect(impossibleDate('2026-02-29T10:00:00Z')).toBe('2026-02-29 does not exist: February 2026 has 28 days');
    expect(impossibleDate('2028-02-29T10:00:00Z')).toBeUndefined();
    expect(impossibleDate('2026-04-31T10:00:00Z')).toBe('2026-04-31 does not exist: April 2026 has 30 days');
    expect(impossibleDate('2026-13-01T10:00:00Z')).toBe('2026-13-01 does not exist: there is no month 13');
  });
});

describe('notReadAdvice', () => {
  it('warns for names that look like an item, and not for photos or backups', () => {
    expect(notReadAdvice('Story.MD')).toContain('rename it to Story.md');
    expect(notReadAdvice('story.JSON')).toContain('rename it to story.json');
    for (const name of ['photo.jpg', 'a.md.bak', 'notes.pdf']) expect(notReadAdvice(name)).toBeUndefined();
  });
});
