// The fast field check must never disagree with the item schema: for any data it either gives
// up (undefined) or gives exactly what itemSchema gives (the same values, the same key order).
// Compared on generated items, on the repository's items and fixtures, and on generated data
// that mixes good values, near misses and wrong types in every field.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { generateItem } from '../../bench/generate.js';
import { isItemFile, walk } from '../../bench/walk.js';
import { splitFrontMatter } from '../../src/items/front-matter.js';
import { fastFields } from '../../src/items/fast-fields.js';
import { itemSchema } from '../../src/items/schema.js';

/** Whether the two agree on `data`; true when the fast check gives up. */
function agrees(data: unknown): boolean {
  const quick = fastFields(data);
  if (quick === undefined) return true;
  const full = itemSchema().safeParse(data);
  expect(full.success, JSON.stringify(data)).toBe(true);
  expect(quick).toEqual(full.data);
  // Key order too: an object is passed on as the schema made it.
  expect(JSON.stringify(quick)).toBe(JSON.stringify(full.data));
  return true;
}

const dataOf = (text: string, name: string): unknown => {
  if (name.endsWith('.json')) return JSON.parse(text);
  const split = splitFrontMatter(text);
  return parseYaml('yaml' in split ? split.yaml : '', { schema: 'core' });
};
const itemFiles = (dir: string) => walk(dir, isItemFile);

describe('fastFields', () => {
  it('reads every generated item, the same as the schema', () => {
    let taken = 0;
    for (let n = 0; n < 500; n++) {
      const { text, name } = generateItem(n, 500);
      const data = dataOf(text, name);
      if (fastFields(data) !== undefined) taken++;
      agrees(data);
    }
    // All but the few with a kill's record ({at, reason}), which the schema reads.
    expect(taken).toBeGreaterThan(490);
  });

  it('agrees with the schema on every item in the repository', () => {
    const root = path.resolve(__dirname, '../..');
    const files = [...itemFiles(path.join(root, 'items')), ...itemFiles(path.join(root, 'test/fixtures'))];
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      let data: unknown;
      try {
        data = dataOf(readFileSync(f, 'utf8'), f);
      } catch {
        continue; // Not YAML or JSON at all: nothing to compare.
      }
      agrees(data);
    }
  });

  it.each([
    [{ title: ' T ', url: 'HTTPS://Example.ORG:443/a/../b', published: '2026-01-01t10:00:00.5z' }],
    [{ title: 'T', url: 'https://a.example/', published: '2026-01-01T10:00:00+01:00', syndication: {} }],
    [{ title: 'T', url: 'https://a.example/', published: '2026-01-01T10:00:00Z', syndication: { partners: [' a ', 'b'] }, withdrawn: false }],
    [{ title: 'T', url: 'https://a.example/', published: '2026-01-01T10:00:00Z', image: { url: 'https://i.example/p q.jpg', width: 1, renditions: [] } }],
  ])('reads %# as the schema does', (data) => {
    expect(fastFields(data)).toBeDefined();
    agrees(data);
  });

  it.each([
    [{ title: 'T', url: 'https://a.example/', published: '2026-01-01T10:00:00Z', authors: [{ name: 'A', email: 'a@b.example' }] }],
    [{ title: 'T', url: 'https://a.example/', published: '2026-01-01T10:00:00Z', withdrawn: { at: '2026-01-02T00:00:00Z', reason: 'legal' } }],
    [{ title: 'T', url: 'https://a.example/', published: '2026-02-30T10:00:00Z' }],
    [{ title: 'a'.repeat(2001), url: 'https://a.example/', published: '2026-01-01T10:00:00Z' }],
    [{ title: 'T', url: 'https://a.example/', published: '2026-01-01T10:00:00Z', tags: ['a', ' '] }],
    [{ title: 'T', url: 'https://a.example/', published: '2026-01-01T10:00:00Z', extra: 1 }],
    [JSON.parse('{"title":"T","url":"https://a.example/","published":"2026-01-01T10:00:00Z","__proto__":{}}')],
    [{ title: 'T', url: 'https://a.example/', published: '2026-01-01T10:00:00Z', authors: [] }],
    [{ title: 'T', url: 'https://a.example/', published: '2026-01-01T10:00:00Z', image: { url: 'https://i.example/a.jpg', width: 2 ** 60 } }],
    [[{ title: 'T' }]],
    [null],
  ])('leaves %# to the schema', (data) => {
    expect(fastFields(data)).toBeUndefined();
  });

  it('never disagrees with the schema on generated data', () => {
    const wrong = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.constant([]), fc.constant({}), fc.constant(undefined), fc.string());
    // fast-check favours the ends of a range (and so the last choice of a oneof): a draw from
    // the middle of 0-99 decides, so that most values are good and some are near misses.
    const rarely = (percent: number) => fc.integer({ min: 0, max: 99 }).map((k) => k >= 40 && k < 40 + percent);
    /** Mostly good values, now and then a near miss. */
    const mostly = <T>(good: fc.Arbitrary<T>, near: fc.Arbitrary<T>) => fc.tuple(rarely(3), good, near).map(([miss, g, n]) => (miss ? n : g));
    const text = mostly(
      fc.oneof(fc.string().map((t) => `x${t}`), fc.constantFrom('  x  ', '\u00a0y\u2028', 'a'.repeat(2000), ` ${'a'.repeat(1999)} `, 'Reuters')),
      fc.oneof(fc.string(), fc.constantFrom('', ' ', 'a'.repeat(2001))),
    );
    const url = mostly(
      fc.oneof(fc.webUrl(), fc.constantFrom('https://a.example/x', 'HTTP://Ex.ORG:80/a/../b', ' https://a.example ', 'https://ä.example/ü', 'https://[::1]/')),
      fc.constantFrom('https://exa mple.org/', 'ftp://a.example/', 'https://', 'not a url', 'https://a b/'),
    );
    const time = mostly(
      fc.oneof(
        fc.date({ min: new Date(-60e12), max: new Date(250e12), noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom('2026-01-01T00:00:00Z', '2024-02-29T23:59:60+23:59', '0000-01-01T00:30:00+00:00', '2026-01-01t10:00:00.123456z'),
      ),
      fc.constantFrom('2023-02-29T00:00:00Z', '2026-01-01T00:00:00+24:00', '2026-01-01', '0000-01-01T00:30:00+01:00', '9999-12-31T23:59:59-01:00'),
    );
    const num = mostly(fc.integer({ min: 1, max: 100_000 }), fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 1.5, 2 ** 53, 2 ** 53 - 1, -1)));
    const or = <T>(a: fc.Arbitrary<T>) => fc.tuple(rarely(1), a, wrong).map(([miss, g, w]) => (miss ? w : g));
    const list = <T>(a: fc.Arbitrary<T>) => or(fc.array(a, { maxLength: 3 }));
    const person = or(fc.record({ name: or(text), url: or(url), email: fc.constantFrom('a@b.example', 'nope') }, { requiredKeys: ['name'], noNullPrototype: true }));
    const contributor = or(fc.record({ name: or(text), role: or(text), url: or(url) }, { requiredKeys: ['name', 'role'], noNullPrototype: true }));
    const mediaType = or(mostly(fc.constantFrom('image/jpeg', 'image/svg+xml', 'IMAGE/PNG'), fc.constantFrom('jpeg', 'image/')));
    const rendition = or(fc.record({ url: or(url), width: or(num), height: or(num), type: mediaType }, { requiredKeys: ['url', 'width', 'height'], noNullPrototype: true }));
    const image = or(
      fc.record(
        { url: or(url), caption: or(text), credit: or(text), rights: or(text), width: or(num), height: or(num), type: mediaType, length: or(num), alt: or(text), renditions: list(rendition) },
        { requiredKeys: [], noNullPrototype: true },
      ),
    );
    const syndication = or(
      fc.record({ partners: or(fc.oneof(fc.constantFrom('all', 'none', 'some'), fc.array(text, { maxLength: 3 }))), embargo: or(time), expires: or(time) }, { requiredKeys: [], noNullPrototype: true }),
    );
    const item = fc.record(
      {
        title: or(text),
        url: or(url),
        id: or(text),
        published: or(time),
        updated: or(time),
        summary: or(text),
        content_html: or(text),
        language: or(mostly(fc.constantFrom('en', 'sv-SE', 'zh-Hant-TW'), fc.constantFrom('english', 'x', 'en-'))),
        authors: or(mostly(fc.array(person, { minLength: 1, maxLength: 3 }), fc.constant([] as unknown[]))),
        contributors: list(contributor),
        source: or(fc.record({ name: or(text), url: or(url), feed: or(url) }, { requiredKeys: ['name', 'url'], noNullPrototype: true })),
        credit: or(text),
        image,
        tags: list(or(text)),
        rights: or(text),
        license: or(text),
        syndication,
        withdrawn: or(mostly<unknown>(fc.boolean(), fc.record({ at: or(time), reason: or(text) }, { requiredKeys: ['at', 'reason'], noNullPrototype: true }))),
        correction: or(text),
      },
      { requiredKeys: [], noNullPrototype: true },
    );
    // Mostly the three required fields right, so that many reach the end of the check.
    // Now and then a key the schema does not know, at the top or inside a value.
    const extra = fc.tuple(rarely(10), fc.constantFrom('titel', 'size', 'x', 'constructor'), wrong).map(([on, k, v]) => (on ? ([k, v] as const) : null));
    const data = fc.tuple(item, text, url, time, fc.boolean(), extra).map(([i, t, u, p, base, x]) => {
      const d: Record<string, unknown> = base ? { title: t, url: u, published: p, ...i } : { ...i };
      if (x) {
        const inner = [d.image, d.source, d.syndication, (d.authors as unknown[] | undefined)?.[0]].find((v) => v && typeof v === 'object');
        (inner && x[0] !== 'titel' ? (inner as Record<string, unknown>) : d)[x[0]] = x[1];
      }
      return d;
    });
    let taken = 0;
    fc.assert(
      fc.property(data, (d) => {
        if (fastFields(d) !== undefined) taken++;
        return agrees(d);
      }),
      { numRuns: 5000 },
    );
    // The comparison means something only if the fast check accepts a good share of them.
    expect(taken).toBeGreaterThan(100);
  });
});
