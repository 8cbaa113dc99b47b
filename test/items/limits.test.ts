// Issue 9, point 1: one item can never stop a run. Every class of hostile item text — deep
// nesting in JSON, YAML block and flow and Markdown, alias bombs, tens of thousands of keys or
// invalid list entries, long runs of one character — is generated (fast-check, and hand-made
// extremes at the file limit) and must give either an item or problems that name the file, a
// line and (where there is one) the field, never a throw; at most 20 problems and one "and N more".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { parseItem, type ParseResult } from '../../src/items/parse.js';
import { renderBody } from '../../src/items/body.js';
import { MAX_DEPTH, MAX_NODES, MAX_PROBLEMS } from '../../src/limits.js';
import { formatProblem } from '../../src/validate.js';

const URL_ = 'https://news.example.org/a';
const FRONT = `title: T\nurl: ${URL_}\npublished: 2026-11-26T10:00:00Z\nauthors: [{name: A}]\n`;
const md = (extra: string, body = 'Body.') => `---\n${FRONT}${extra}---\n${body}\n`;
const json = (extra: Record<string, unknown> | string) =>
  typeof extra === 'string'
    ? extra
    : JSON.stringify({ title: 'T', url: URL_, published: '2026-11-26T10:00:00Z', authors: [{ name: 'A' }], ...extra });

/** Parse, and render the body as a feed would: neither may throw. */
function outcome(text: string, file: string): ParseResult {
  const r = parseItem(text, file);
  if (r.ok && r.item.body) renderBody(r.item.body, { baseUrl: URL_, sanitize: true, allowDataImages: false, blockedImages: [] });
  return r;
}

function refused(text: string, file: string): string[] {
  const r = outcome(text, file);
  expect(r.ok, `${file} should be refused`).toBe(false);
  if (r.ok) return [];
  expect(r.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS + 1);
  for (const p of r.problems) {
    expect(p.file).toBe(file);
    expect(p.severity).toBe('error');
  }
  // The first problem always has a line.
  expect(r.problems[0]!.line).toBeGreaterThan(0);
  return r.problems.map(formatProblem);
}

const nest = (open: string, close: string, n: number, inner = '1') => open.repeat(n) + inner + close.repeat(n);

describe('nesting', () => {
  it('JSON deeper than the limit is a problem naming the line and field, at any depth up to the file limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_DEPTH + 1, max: 200_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}']), (n, [o, c]) => {
        const text = `{"title": "T",\n"tags": ${nest(o!, c!, n)}}`;
        expect(refused(text, 'x.json')[0]).toMatch(/^x\.json:2: tags: nested more than 32 levels deep/);
      }),
      { numRuns: 20 },
    );
  });

  it('YAML flow and block nesting deeper than the limit are problems', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_DEPTH + 1, max: 100_000 }), fc.constantFrom(['[', ']'], ['{a: ', '}']), (n, [o, c]) => {
        expect(refused(md(`tags: ${nest(o!, c!, n)}\n`), 'x.md')[0]).toMatch(/^x\.md:6: invalid YAML: "\[" and "\{" nest more than 32 levels/);
      }),
      { numRuns: 20 },
    );
    const block = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    expect(refused(md(`x:\n${block}\n`), 'x.md')[0]).toBe('x.md:40: invalid YAML: indentation (and "- ") nests more than 32 levels deep here');
    expect(refused(md(`tags:\n${'- '.repeat(5000)}x\n`), 'x.md')[0]).toBe('x.md:7: invalid YAML: indentation (and "- ") nests more than 32 levels deep here');
  });

  it('Markdown quotes and lists nesting deeper than the limit are a body problem at their line; shallower ones render', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000 }), fc.constantFrom('>', '> ', '- ', '1. ', '* > '), fc.integer({ min: 0, max: 3 }), (n, marker, before) => {
        const body = `${'Para.\n'.repeat(before)}${marker.repeat(n)}deep\n`;
        const r = outcome(md('', body), 'x.md');
        // `* > ` counts two levels per repeat.
        const levels = marker === '* > ' ? 2 * n : n;
        if (levels <= MAX_DEPTH) expect(r.ok).toBe(true);
        else expect(refused(md('', body), 'x.md')[0]).toMatch(new RegExp(`^x\\.md:${7 + before}: body: Markdown nests quotes and lists \\d+ levels deep`));
      }),
      { numRuns: 60 },
    );
    // Nested by indentation, a list of 400 levels.
    const list = Array.from({ length: 400 }, (_, i) => `${' '.repeat(i * 4)}- x`).join('\n');
    expect(refused(md('', list), 'x.md')[0]).toMatch(/^x\.md:\d+: body: Markdown nests/);
  });
});

describe('size', () => {
  it('an alias bomb in an item or in the config is a problem, not a crash', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`)].join('\n');
    expect(refused(md(`x:\n${bomb.replace(/^/gm, '  ')}\n`), 'x.md')[0]).toMatch(/^x\.md:\d+: x: more than 10000 values \(fields and list entries, aliases expanded\)/);
    const config = parseConfig(`site:\n  title: S\n${bomb.replace(/^/gm, '  ')}\n`, 'c.yaml');
    expect(config.ok).toBe(false);
    if (!config.ok) expect(formatProblem(config.problems[0]!)).toMatch(/^c\.yaml:\d+: site: more than 10000 values/);
    // An alias inside what it names nests for ever.
    expect(refused(md('x: &a [*a]\n'), 'x.md')[0]).toMatch(/^x\.md:6: x: nested more than 32 levels deep \(an alias/);
  });

  it('tens of thousands of keys or invalid list entries: at most 20 problems and a count of the rest', () => {
    fc.assert(
      fc.property(fc.integer({ min: 21, max: 60_000 }), fc.constantFrom('md-keys', 'md-tags', 'json-keys', 'json-tags'), (n, kind) => {
        const text =
          kind === 'md-keys'
            ? md(Array.from({ length: n }, (_, i) => `k${i}: 1\n`).join(''))
            : kind === 'md-tags'
              ? md(`tags:\n${'  - 5\n'.repeat(n)}`)
              : kind === 'json-keys'
                ? json(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])))
                : json({ tags: Array(n).fill(5) });
        const file = kind.startsWith('md') ? 'x.md' : 'x.json';
        const problems = refused(text, file);
        if (n > MAX_NODES) expect(problems.join('\n')).toMatch(/more than 10000 values/);
        else {
          expect(problems).toHaveLength(MAX_PROBLEMS + 1);
          expect(problems[MAX_PROBLEMS]).toBe(`${file}: and ${n - MAX_PROBLEMS} more problem${n - MAX_PROBLEMS === 1 ? "" : "s"}`);
          expect(problems[0]).toMatch(kind.endsWith('keys') ? /: k0: unknown field/ : /: tags\.0: expected text, got 5/);
        }
      }),
      { numRuns: 16, examples: [[21, 'md-keys'], [22, 'json-tags']] },
    );
  });

  it('a body over 1,000,000 characters is refused; one of 1,000,000 renders', () => {
    expect(refused(md('', 'a'.repeat(1_000_001)), 'x.md')[0]).toBe('x.md:7: body: expected a body of at most 1000000 characters, got 1000001');
    expect(outcome(md('', `${'a'.repeat(999_999)}\n`), 'x.md').ok).toBe(true);
    expect(refused(json({ content_html: '<p>'.repeat(400_000) }), 'x.json')[0]).toMatch(/^x\.json:\d+: content_html: expected at most 1000000 characters/);
    // Trailing white space is not counted, in content_html as in Markdown.
    expect(outcome(json({ content_html: `<p>${'a'.repeat(999_993)}</p>${' '.repeat(100)}` }), 'x.json').ok).toBe(true);
  });
});

describe('long runs of one character', () => {
  const chars = fc.constantFrom(' ', '*', '_', '`', '[', ']', '(', '<', '>', '!', '\\', '&', '#', '|', '-', '=', '~', ':', ',', ';', '.', '\t', 'a', 'é');
  it('in a body: published or refused, never a throw', () => {
    fc.assert(
      fc.property(chars, fc.integer({ min: 1, max: 400_000 }), fc.string({ maxLength: 3 }), (c, n, around) => {
        const r = outcome(md('', `${around}${c.repeat(n)}${around}x`), 'x.md');
        if (!r.ok) expect(r.problems[0]!.field).toBe('body');
      }),
      { numRuns: 40 },
    );
  });

  it('in a credit, a photo credit or a title: published or a length problem on its field', () => {
    fc.assert(
      fc.property(chars, fc.integer({ min: 1, max: 100_000 }), fc.constantFrom('credit', 'title'), (c, n, field) => {
        const value = `By AP${c.repeat(n)}x`;
        const text = json({ [field]: value, image: { url: `${URL_}.jpg`, credit: `AP${c.repeat(n)}` } });
        const r = outcome(text, 'x.json');
        if (value.trim().length > 2000) expect(refused(text, 'x.json').join('\n')).toMatch(new RegExp(`x\\.json:\\d+: ${field}: expected at most 2000 characters`));
        else expect(r.ok).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

describe('one-line text fields', () => {
  it('each is held to 2000 characters, a contributor\'s role as much as its name', () => {
    const long = 'x'.repeat(2001);
    expect(refused(json({ contributors: [{ name: 'Sweden Herald', role: long }] }), 'x.json')).toEqual([expect.stringMatching(/^x\.json:1: contributors\.0\.role: expected at most 2000 characters, got /)]);
    expect(refused(json({ contributors: [{ name: long, role: 'English edition' }] }), 'x.json')).toEqual([expect.stringMatching(/^x\.json:1: contributors\.0\.name: expected at most 2000 characters, got /)]);
    expect(outcome(json({ contributors: [{ name: 'Sweden Herald', role: 'x'.repeat(2000) }] }), 'x.json').ok).toBe(true);
  });
});

describe('items mean exactly what they say', () => {
  it('a repeated key in a JSON item is an error at its line, as in front matter', () => {
    expect(refused('{\n"title": "A",\n"title": "B"\n}', 'x.json')[0]).toBe('x.json:3: title: key "title" appears twice in one object');
    expect(refused('{"title": "A", "image": {"url": "u",\n"u\\u0072l": "v"}}', 'x.json')[0]).toBe('x.json:2: image: key "url" appears twice in one object');
    expect(refused(md('title: again\n'), 'x.md')[0]).toBe('x.md:6: invalid YAML: key "title" appears twice in one mapping');
  });

  it('__proto__, constructor and prototype are unknown fields, in JSON and in YAML', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(refused(`{"title":"T","url":"${URL_}","published":"2026-11-26T10:00:00Z","${key}":{"x":1}}`, 'x.json'), key).toEqual([`x.json:1: ${key}: unknown field`]);
      expect(refused(md(`${key}: {x: 1}\n`), 'x.md'), key).toEqual([`x.md:6: ${key}: unknown field`]);
    }
  });
});
