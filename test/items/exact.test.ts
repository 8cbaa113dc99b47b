// Issue 9, points 9 and 10: documented defaults hold, and items mean exactly what they say:
// RFC 3339 exactly, file names reported as themselves, linked folders named, partner names
// that cannot be folder names refused.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { parseRfc3339 } from '../../src/fields.js';
import { loadItems } from '../../src/items/load.js';
import { parseItem } from '../../src/items/parse.js';
import { formatProblem } from '../../src/validate.js';

const item = (extra = '', id = 'a') => `---\ntitle: T\nurl: https://news.example.org/${id}\npublished: 2026-11-26T10:00:00Z\nauthors: [{name: A}]\n${extra}---\nBody.\n`;

describe('documented defaults', () => {
  it('syndication with only an embargo or only expires means partners: all', () => {
    for (const extra of ['syndication: {embargo: 2026-11-27T10:00:00Z}\n', 'syndication:\n  expires: 2026-12-27T10:00:00Z\n']) {
      const r = parseItem(item(extra), 'x.md');
      expect(r.ok && r.item.syndication.partners, extra).toBe('all');
    }
  });
});

describe('RFC 3339, exactly', () => {
  const two = (n: number) => String(n).padStart(2, '0');
  it('accepts every valid field combination, lower-case t and z, and a leap second', () => {
    fc.assert(
      fc.property(
        fc.record({ y: fc.integer({ min: 1, max: 9998 }), mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 60 }) }),
        fc.constantFrom('T', 't', ' '),
        fc.constantFrom('Z', 'z', '+23:59', '-23:59', '+00:00', '+05:30'),
        (f, t, z) => {
          const text = `${String(f.y).padStart(4, '0')}-${two(f.mo)}-${two(f.d)}${t}${two(f.h)}:${two(f.mi)}:${two(f.s)}${z}`;
          const ms = parseRfc3339(text);
          expect(ms, text).toBeTypeOf('number');
          // The same instant as the standard's own reading (a leap second is the next minute's first moment).
          const base = Date.parse(`${text.slice(0, 10)}T${text.slice(11, 17)}${two(Math.min(f.s, 59))}${z.toUpperCase()}`);
          expect(ms! - base, text).toBe(f.s === 60 ? 1000 : 0);
        },
      ),
    );
  });

  it('refuses hour 24, minute 60, second 61, offsets beyond ±23:59, dates that do not exist, and years an offset moves past 9999', () => {
    for (const bad of [
      '2026-11-26T24:00:00Z',
      '2026-11-26T10:60:00Z',
      '2026-11-26T10:00:61Z',
      '2026-11-26T10:00:00+24:00',
      '2026-11-26T10:00:00-23:60',
      '2026-02-29T10:00:00Z',
      '2026-04-31T10:00:00Z',
      '9999-12-31T23:59:59-01:00',
      '0000-01-01T00:00:00+01:00',
      '10000-01-01T00:00:00Z',
      '2026-11-26T10:00:00',
    ])
      expect(parseRfc3339(bad), bad).toBeUndefined();
    expect(parseRfc3339('2024-02-29T10:00:00Z')).toBe(Date.UTC(2024, 1, 29, 10));
    const r = parseItem(item().replace('2026-11-26T10:00:00Z', '9999-12-31T23:59:59-01:00'), 'x.md');
    expect(!r.ok && r.problems.map(formatProblem)).toEqual(['x.md:4: published: expected an RFC 3339 date-time with offset, got "9999-12-31T23:59:59-01:00"']);
  });
});

describe('the items folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-names-'));
    await mkdir(path.join(dir, 'items'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reports a file name that is not UTF-8 or holds a newline as itself, escaped, on one line', async () => {
    const items = path.join(dir, 'items');
    await writeFile(path.join(items, 'good.md'), item());
    writeFileSync(Buffer.concat([Buffer.from(`${items}/caf`), Buffer.from([0xe9]), Buffer.from('.md')]), item('', 'b'));
    await writeFile(path.join(items, 'two\nlines.md'), item('', 'c'));
    const r = await loadItems(items);
    expect(r.items.map((i) => i.url)).toEqual(['https://news.example.org/a']);
    const lines = r.problems.map(formatProblem).map((l) => l.slice(l.lastIndexOf('/') + 1));
    expect(lines.sort()).toEqual([
      'caf\\xe9.md: file name is not UTF-8 or holds a control character: not read (rename it)',
      'two\\nlines.md: file name is not UTF-8 or holds a control character: not read (rename it)',
    ]);
    for (const p of r.problems) expect(formatProblem(p)).not.toContain('\n');
  });

  it('names a symlinked folder, inside or outside items/, instead of skipping it silently', async () => {
    const items = path.join(dir, 'items');
    await mkdir(path.join(items, 'wire'));
    await writeFile(path.join(items, 'wire', 'a.md'), item());
    await mkdir(path.join(dir, 'elsewhere'));
    await writeFile(path.join(dir, 'elsewhere', 'b.md'), item('', 'b'));
    await symlink(path.join(items, 'wire'), path.join(items, 'again'));
    await symlink(path.join(dir, 'elsewhere'), path.join(items, 'mounted'));
    const r = await loadItems(items);
    expect(r.items.map((i) => i.url)).toEqual(['https://news.example.org/a']);
    const lines = r.problems.map(formatProblem).map((l) => l.slice(l.lastIndexOf('/') + 1)).sort();
    expect(lines).toEqual([
      'again: symlink to a folder inside the items folder: not followed (its items are read where they are)',
      'mounted: symlink to a folder outside the items folder: not read (mount or copy it inside)',
    ]);
  });
});

describe('partner names', () => {
  const config = (name: string) => `site:\n  title: S\n  home: https://news.example.org/\n  feeds_base: https://news.example.org/feeds/\n  language: en\npartners:\n  - name: ${name}\n`;
  it('refuses Windows device names and names too long for a folder, as config errors naming the line', () => {
    for (const name of ['con', 'nul', 'com1', 'lpt9', 'aux', 'prn', 'a'.repeat(81)]) {
      const r = parseConfig(config(name), 'c.yaml');
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(formatProblem(r.problems[0]!), name).toMatch(/^c\.yaml:7: partners\.0\.name: expected a slug (that is not a Windows device name|of at most 80 characters)/);
    }
    expect(parseConfig(config('console'), 'c.yaml').ok).toBe(true);
  });
});
