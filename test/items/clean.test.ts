// Text is cleaned once, at load: the characters XML 1.0 forbids go, everything else stays.
import { describe, expect, it } from 'vitest';
import { cleanDeep, cleanText } from '../../src/items/clean.js';

describe('cleanText', () => {
  it.each([
    ['C0 controls but tab, LF and CR', 'a\u0000b\u0001c\u0008d\u000Be\u000Cf\u000Eg\u001Fh', 'abcdefgh'],
    ['U+FFFE and U+FFFF', 'a\uFFFEb\uFFFFc', 'abc'],
    ['a lone high surrogate, at the end and before a letter', 'a\uD800b\uDBFF', 'ab'],
    ['a lone low surrogate, at the start and after a letter', '\uDC00a\uDFFFb', 'ab'],
    ['two high surrogates then a low one: the first is lone, the pair stays', '\uD83D\uD83D\uDE00', '\uD83D\uDE00'],
    ['a pair split by a control: both halves are lone', '\uD83D\u0001\uDE00', ''],
  ])('removes %s', (_, input, output) => {
    expect(cleanText(input)).toBe(output);
  });

  it('keeps tab, LF, CR, DEL and C1 controls, U+FFFD, surrogate pairs, bidi marks and markup', () => {
    const allowed = 'tab\t lf\n cr\r del\u007F nel\u0085 \uFFFD 😀 👩‍👩‍👧 \u202Eטקסט\u202C <b>&amp;</b> ]]>';
    expect(cleanText(allowed)).toBe(allowed);
  });
});

describe('cleanDeep', () => {
  it('cleans every string in nested objects and arrays and leaves other values alone', () => {
    const input = {
      title: 'T\u0001',
      authors: [{ name: 'N\uFFFE', url: 'https://x.org/' }],
      tags: ['a\uD800', 'b'],
      image: { width: 1600, caption: '\u0007c' },
      withdrawn: false,
      nothing: null,
    };
    expect(cleanDeep(input)).toEqual({
      title: 'T',
      authors: [{ name: 'N', url: 'https://x.org/' }],
      tags: ['a', 'b'],
      image: { width: 1600, caption: 'c' },
      withdrawn: false,
      nothing: null,
    });
    // A copy: the parsed value is not changed under the caller.
    expect(input.title).toBe('T\u0001');
  });
});
