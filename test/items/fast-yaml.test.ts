// The fast front-matter reader must never disagree with `yaml` (YAML 1.2 core schema): for
// any text it either gives up (undefined) or gives exactly what `yaml` gives. These tests
// compare the two on real items, on generated items and on generated YAML.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { generateItem } from '../../bench/generate.js';
import { walk } from '../../bench/walk.js';
import { splitFrontMatter } from '../../src/items/front-matter.js';
import { fastYaml } from '../../src/items/fast-yaml.js';

/** What `yaml` makes of a text as the item parser asks it to, or 'error'. */
function full(text: string): unknown {
  const doc = parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0 || doc.warnings.length > 0) return 'error';
  return doc.toJS();
}

function agrees(text: string): boolean {
  const quick = fastYaml(text);
  if (quick === undefined) return true;
  expect(quick, text).toEqual(full(text));
  return true;
}

/** The front matter as the loader splits it off (undefined: the file has none). */
const frontMatter = (text: string) => {
  const split = splitFrontMatter(text);
  return 'yaml' in split ? split.yaml : undefined;
};
const markdownFiles = (dir: string) => walk(dir, (name) => name.endsWith('.md'));

describe('fastYaml', () => {
  it('reads every generated item, the same as yaml', () => {
    let taken = 0;
    for (let n = 0; n < 400; n++) {
      const { text, name } = generateItem(n, 400);
      if (!name.endsWith('.md')) continue;
      const fm = frontMatter(text)!;
      const quick = fastYaml(fm);
      if (quick !== undefined) taken++;
      expect(quick).toEqual(full(fm));
    }
    expect(taken).toBe(360); // every Markdown item (one in ten is JSON)
  });

  it('agrees with yaml on every item in the repository', () => {
    const root = path.resolve(__dirname, '../..');
    const files = [...markdownFiles(path.join(root, 'items')), ...markdownFiles(path.join(root, 'test/fixtures'))];
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const fm = frontMatter(readFileSync(f, 'utf8'));
      if (fm !== undefined) agrees(fm);
    }
  });

  it.each([
    ['title: a #b\n', { title: 'a' }],
    ['tags: [a, "b, c", \'d\']\n', { tags: ['a', 'b, c', 'd'] }],
    ['n: 0o17\nh: 0x1F\nf: 1.5e3\ni: -.inf\nz: ~\nb: TRUE\ns: 2026-11-26T12:00:00+01:00\n', null],
    ['authors:\n- name: A\n  url: https://a.example/\n- name: B\nx: 1\n', null],
    ['image:\n  url: https://i.example/a.jpg#x\n  width: 1200\n', null],
    ['quote: "He said \\"hi\\" \\u00e9"\n', { quote: 'He said "hi" é' }],
    ['single: \'it\'\'s\'\n', { single: "it's" }],
    ['empty:\nnext: 1\n', { empty: null, next: 1 }],
  ])('reads %j as yaml does', (text, expected) => {
    const quick = fastYaml(text);
    expect(quick).toBeDefined();
    expect(quick).toEqual(full(text));
    if (expected) expect(quick).toEqual(expected);
  });

  it.each([
    'title: a: b\n', // an error in YAML
    'title: "unclosed\n',
    'title: one\n  two\n', // a multi-line plain scalar
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    'body: |\n  text\n',
    'a: 1\na: 2\n',
    'tags: [a, [b]]\n',
    'tags: [a #c]\n',
    '"quoted": key\n',
    '- a\n- b\n',
    'a:\n\tb: 1\n',
    'x: "\\x41"\n',
    'null: 1\n',
  ])('leaves %j to yaml', (text) => {
    expect(fastYaml(text)).toBeUndefined();
  });

  it('never disagrees with yaml on generated documents', () => {
    const key = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ':', '#', '-', '"', "'", '[', ']', ',', '{', '\\', '0', '.', 'é', '😀', 'x', '\n', '\t', '~', '&', '*', '!', '|', '>') });
    const scalar = fc.oneof(
      text.map((s) => JSON.stringify(s)),
      text.map((s) => `'${s.replace(/'/g, "''")}'`),
      text,
      fc.integer().map(String),
      fc.double().map(String),
      fc.constantFrom('true', 'False', 'NULL', '~', '0o17', '0x1f', '.nan', '-.inf', '1e3', '+12', '-5', '007', ''),
    );
    const flow = fc.array(scalar, { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`);
    const value: fc.Arbitrary<(indent: string) => string> = fc.letrec<{ v: (indent: string) => string }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar.map((s) => () => ` ${s}`),
        flow.map((s) => () => ` ${s}`),
        fc.array(fc.tuple(key, tie('v')), { minLength: 1, maxLength: 3 }).map((entries) => (indent: string) =>
          `\n${entries.map(([k, v]) => `${indent}  ${k}:${v(`${indent}  `)}`).join('\n')}`,
        ),
        fc.array(tie('v'), { minLength: 1, maxLength: 3 }).map((items) => (indent: string) =>
          `\n${items.map((v) => `${indent}  -${v(`${indent}    `)}`).join('\n')}`,
        ),
      ),
    })).v;
    const doc = fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 5 }).map((entries) => `${entries.map(([k, v]) => `${k}:${v('')}`).join('\n')}\n`);
    let read = 0;
    fc.assert(
      fc.property(doc, (d) => {
        if (fastYaml(d) !== undefined) read++;
        return agrees(d);
      }),
      { numRuns: 3000 },
    );
    // The comparison means something only if the fast path reads a good share of them.
    expect(read).toBeGreaterThan(600);
  });
});
