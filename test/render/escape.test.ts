// The fast escaping helpers (indexOf-driven, one suspect scan per entry, dates by the day) give
// exactly what the straightforward versions give, for any string: short and long (a body takes
// another path above 256 characters), with lone surrogates, CR, forbidden characters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, suspect } from '../../src/items/clean.js';
import { content, plainContent, rfc3339, rfc822, simpleContent, type Entry } from '../../src/render/entry.js';
import { jsonPlain, jsonSimple, jsonString } from '../../src/render/jsonfeed.js';
import { contentXml } from '../../src/render/shared.js';
import { escapeText, fitsCdata } from '../../src/render/xml.js';
import { parseXml, textOf, wellFormedProblems } from '../helpers/xml.js';

// What each helper replaces: the one-pass regular expressions it stands for.
const XML: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '\r': '&#13;' };
const plainEscapeText = (s: string) => s.replace(/[&<>\r]/g, (c) => XML[c]!);
const stringify = (s: string) => JSON.stringify(s);
const suspectByCodeUnit = (s: string) =>
  [...Array(s.length).keys()].some((i) => {
    const c = s.charCodeAt(i);
    return (c <= 0x1f && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff;
  });

const nasty = fc.constantFrom(
  '<', '>', '&', '"', '\\', '\r', '\n', '\r\n', '\t', '\b', '\f', '\u0000', '\u0001', '\u000B', '\u001F', '\u007F', '\u2028',
  '\uFFFE', '\uFFFF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '😀', 'Ö', 'ש', '<p class="x">', '&amp;', ']]>', 'a', ' ',
);
// Short and long strings (past the 256 characters where escapeText changes paths), nasty or any code unit.
const anyString = fc.oneof(
  fc.string({ unit: nasty, maxLength: 40 }),
  fc.string({ unit: nasty, minLength: 200, maxLength: 600 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: fc.oneof(nasty, fc.constantFrom('x', 'yz', 'Göteborg ')), minLength: 250, maxLength: 3000 }),
);
/** The strings a plain body is made of: no suspect character. */
const plainString = anyString.map((s) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/g, ''));

describe('escapeText', () => {
  it('is the one-pass replace, for short strings and long ones', () => {
    fc.assert(fc.property(anyString, (s) => {
      expect(escapeText(s)).toBe(plainEscapeText(s));
    }), { numRuns: 500 });
  });

  it('at the edges: nothing to escape, only specials, a special first and last, exactly 256 and 257 characters', () => {
    for (const s of ['', 'a'.repeat(300), '<>&\r'.repeat(100), `<${'a'.repeat(255)}>`, `&${'b'.repeat(255)}`, `${'c'.repeat(256)}\r`, '<'.repeat(257)])
      expect(escapeText(s)).toBe(plainEscapeText(s));
  });
});

describe('jsonPlain', () => {
  it('is JSON.stringify, less the quotes, for any string without suspect characters', () => {
    fc.assert(fc.property(plainString, (s) => {
      expect(`"${jsonPlain(s)}"`).toBe(stringify(s));
    }), { numRuns: 500 });
  });

  it('jsonSimple is JSON.stringify, less the quotes, for any string without suspect characters, tab, CR or backslash', () => {
    fc.assert(fc.property(plainString.map((s) => s.replace(/[\t\r\\]/g, '')), (s) => {
      expect(`"${jsonSimple(s)}"`).toBe(stringify(s));
    }), { numRuns: 500 });
    for (const s of ['', '"', '\n', '""\n\n', `"${'a'.repeat(300)}\n`, 'no specials']) expect(`"${jsonSimple(s)}"`).toBe(stringify(s));
  });

  it('jsonString is JSON.stringify for any string (lone surrogates as \\u escapes)', () => {
    fc.assert(fc.property(anyString, (s) => {
      expect(jsonString(s)).toBe(stringify(s));
    }), { numRuns: 500 });
  });
});

describe('suspect', () => {
  it('finds exactly the code units a plain writer cannot take as they are', () => {
    fc.assert(fc.property(anyString, (s) => {
      expect(suspect(s)).toBe(suspectByCodeUnit(s));
    }), { numRuns: 500 });
  });

  it('cleanText removes exactly what XML 1.0 forbids, code unit by code unit (and a string suspect passes is left alone)', () => {
    // The rule written out plainly: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; a surrogate not in a pair.
    const byCodeUnit = (s: string) => {
      let out = '';
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        const high = c >= 0xd800 && c <= 0xdbff;
        const low = c >= 0xdc00 && c <= 0xdfff;
        if (high && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
          out += s[i]! + s[i + 1]!;
          i++;
        } else if (!(high || low || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff)) out += s[i]!;
      }
      return out;
    };
    fc.assert(
      fc.property(anyString, (s) => {
        expect(cleanText(s)).toBe(byCodeUnit(s));
        if (!suspect(s)) expect(cleanText(s)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe('fitsCdata', () => {
  it('is "no `]]>` and no CR", and a section of such a string reads back as the string', () => {
    fc.assert(fc.property(anyString.map(cleanText), (s) => {
      expect(fitsCdata(s)).toBe(!/\]\]>|\r/.test(s));
      if (!fitsCdata(s)) return;
      const doc = `<a><![CDATA[${s}]]></a>`;
      expect(wellFormedProblems(doc)).toEqual([]);
      expect(textOf(parseXml(doc).a)).toBe(s);
    }), { numRuns: 500 });
    for (const s of [']]>', `${'a'.repeat(3000)}]]>`, ']]]>', '\r', 'a\r\n']) expect(fitsCdata(s)).toBe(false);
    for (const s of ['', ']]', ']] >', '] ]>', '>]]', `<p>${'x'.repeat(3000)}</p>`]) expect(fitsCdata(s)).toBe(true);
  });
});

/** A code unit that keeps a content out of a CDATA section as it is, or from JSON's simple writer: what suspect names, tab, CR, `\\` and `]`. */
const oddUnit = (c: number) => (c < 0x20 && c !== 0x0a) || c === 0x5c || c === 0x5d || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff;

describe('an entry\'s content, escaped once per format with one suspect scan', () => {
  const entry = (bodyHtml: string, creditHtml: string) => ({ bodyHtml, creditHtml }) as Entry;
  /** contentXml by its rule: the cleaned content in a CDATA section, or escaped when it holds a `]]>` or a CR. */
  const xmlOf = (e: Entry) => {
    const [body, rest] = content(e, cleanText);
    return /\]\]>|\r/.test(`${body}${rest}`) ? ['', plainEscapeText(body), plainEscapeText(rest)] : ['<![CDATA[', body, `${rest}]]>`];
  };
  const json = (html: string) => stringify(html).slice(1, -1);

  it('XML and JSON content is what cleaning and escaping the whole would give', () => {
    fc.assert(
      fc.property(anyString, anyString, (body, credit) => {
        const e = entry(body, credit);
        expect(contentXml(e)).toEqual(xmlOf(e));
        // JSON Feed's content as itemJson writes it: the plain writer only when plainContent says so.
        // simpleContent is the one scan's answer: nothing suspect, no tab, CR, backslash or `]`.
        const all = `${body}\n${credit}`;
        expect(simpleContent(e)).toBe(!Array.from({ length: all.length }, (_, k) => all.charCodeAt(k)).some(oddUnit));
        const write = simpleContent(e) ? jsonSimple : plainContent(e) ? jsonPlain : (s: string) => jsonString(s).slice(1, -1);
        expect(content(e, write, '\\n')).toEqual(content(e, json, '\\n'));
      }),
      { numRuns: 300 },
    );
  });

  it('the last entry\'s XML content, kept for the other XML format, is never another entry\'s', () => {
    // Entries in turn, the same one twice, and equal content in two entries: each gets its own.
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), anyString), { minLength: 1, maxLength: 12 }), (steps) => {
        const entries = [0, 1, 2, 3].map((i) => entry(`<p>${i}</p>`, '<p class="credit">NTB</p>'));
        for (const [i, body] of steps) {
          const e = entries[i]!;
          if (body.length % 2 === 0) e.bodyHtml = body;
          expect(contentXml(e)).toEqual(xmlOf(e));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a body changed after it was looked at is looked at again', () => {
    const e = entry(`<p>${'plain '.repeat(60)}</p>`, '<p class="credit">NTB</p>');
    expect(plainContent(e)).toBe(true);
    e.bodyHtml = `<p>${'plain '.repeat(60)}\u0001\uD800</p>`;
    expect(plainContent(e)).toBe(false);
    expect(contentXml(e)[1]).toBe(`<p>${'plain '.repeat(60)}</p>`);
    e.creditHtml = '<p class="credit">\uDC00</p>';
    e.bodyHtml = '<p>ok</p>';
    expect(plainContent(e)).toBe(false);
    expect(contentXml(e)).toEqual(['<![CDATA[', '<p>ok</p>', '\n<p class="credit"></p>]]>']);
    e.bodyHtml = '<p>ok\r</p>';
    expect(contentXml(e)).toEqual(['', '&lt;p&gt;ok&#13;&lt;/p&gt;', '\n&lt;p class="credit"&gt;&lt;/p&gt;']);
    // Cleaning makes a `]]>` of `]]`, U+0001, `>`: escaped.
    e.bodyHtml = '<p>]]\u0001></p>';
    expect(contentXml(e)).toEqual(['', '&lt;p&gt;]]&gt;&lt;/p&gt;', '\n&lt;p class="credit"&gt;&lt;/p&gt;']);
  });
});

describe('dates', () => {
  const times = fc.oneof(
    fc.integer({ min: 0, max: 253_402_300_799_999 }),
    fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }),
    fc.double({ min: -1e16, max: 1e16 }),
    fc.constantFrom(0, -1, 0.5, -0.5, 86_399_999.9, 253_402_300_799_999, 253_402_300_800_000, -62_167_219_200_000, NaN),
  );

  it('rfc822 is toUTCString', () => {
    fc.assert(fc.property(times, (ms) => {
      expect(rfc822(ms)).toBe(new Date(ms).toUTCString());
    }), { numRuns: 2000 });
  });

  it('rfc3339 is toISOString without ".000"', () => {
    const finite = times.filter((ms) => !Number.isNaN(new Date(ms).getTime()));
    fc.assert(fc.property(finite, (ms) => {
      expect(rfc3339(ms)).toBe(new Date(ms).toISOString().replace('.000Z', 'Z'));
    }), { numRuns: 2000 });
  });
});
