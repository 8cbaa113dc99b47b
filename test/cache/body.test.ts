// Reading a body back (src/cache/body.ts): the text a document shows is exactly parseItem's
// `body.text` for the file the loader read, though it is taken without validating the front
// matter again (src/items/body-text.ts); a file that changed or vanished still stops the run.
import { mkdtempSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ItemChangedError, readBodyText } from '../../src/cache/body.js';
import { digest } from '../../src/cache/store.js';
import { bodyTextOf } from '../../src/items/body-text.js';
import { readItemText } from '../../src/items/load.js';
import { parseItem } from '../../src/items/parse.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'wirefeed-body-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const defaults = { author: { name: 'Desk' } };

// Pieces of text a body or an HTML field is made of: words, every kind of line break and
// space, a `---` line inside the body, and the characters XML forbids (which parseItem removes).
const piece = fc.constantFrom(
  'Word',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  '\n---\n',
  '---',
  '\u00A0',
  '\u2028',
  '\uFEFF',
  'Göteborg',
  '😀',
  '<p>x</p>',
  '<img src="/a.png">',
  '\u0000',
  '\u0001',
  '\u000B',
  '\u001F',
  '\uFFFE',
  '\uFFFF',
  '\uD800',
  '\uDC00',
  '\uD83D',
  '> quote',
  '- list',
);
const text = fc.array(piece, { maxLength: 24 }).map((ps) => ps.join(''));
// A Markdown body beside content_html must be blank (parseItem refuses both).
const blank = fc.array(fc.constantFrom(' ', '\t', '\n', '\r\n', '\u00A0', '\uFEFF'), { maxLength: 6 }).map((ps) => ps.join(''));
const eol = fc.constantFrom('\n', '\r\n');
const dashesEnd = fc.constantFrom('', ' ', '\t', '  \t');

/** A Markdown item's bytes: front matter (with content_html or not), its body, with or without a BOM. */
const markdownFile = fc
  .record({
    bom: fc.boolean(),
    nl: eol,
    open: dashesEnd,
    close: dashesEnd,
    gap: fc.constantFrom('', '\n', '\r\n', '\n\n'),
    body: fc.oneof({ weight: 3, arbitrary: text.map((body) => ({ body, html: undefined })) }, { weight: 1, arbitrary: fc.record({ body: blank, html: text }) }),
    summary: fc.option(text, { nil: undefined }),
  })
  .map(({ bom, nl, open, close, gap, body: { body, html }, summary }) => {
    const lines = ['title: A story', 'url: https://news.example.org/a', 'published: 2026-11-01T10:00:00Z'];
    if (summary !== undefined) lines.push(`summary: ${JSON.stringify(summary)}`);
    if (html !== undefined) lines.push(`content_html: ${JSON.stringify(html)}`);
    return { name: 'a.md', text: `${bom ? '\uFEFF' : ''}---${open}${nl}${lines.join(nl)}${nl}---${close}${gap}${body}` };
  });

/** A JSON item's bytes: indented or not, CRLF or not, escapes for everything beyond ASCII or not. */
const jsonFile = fc
  .record({ bom: fc.boolean(), html: fc.option(text, { nil: undefined }), indent: fc.constantFrom(0, 2, '\t'), crlf: fc.boolean(), escape: fc.boolean(), around: fc.constantFrom('', ' ', '\n', '\r\n \t') })
  .map(({ bom, html, indent, crlf, escape, around }) => {
    const fields = { title: 'A story', url: 'https://news.example.org/a', published: '2026-11-01T10:00:00Z', ...(html === undefined ? {} : { content_html: html }) };
    let json = JSON.stringify(fields, null, indent);
    if (crlf) json = json.replace(/\n/g, '\r\n');
    if (escape) json = json.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return { name: 'a.json', text: `${bom ? '\uFEFF' : ''}${around}${json}${around}` };
  });

describe('a body read back from its file', () => {
  it('is exactly the body.text parseItem gives, for generated Markdown and JSON items', async () => {
    const seen = { markdown: 0, frontMatterHtml: 0, json: 0 };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(markdownFile, jsonFile), async ({ name, text: written }) => {
        const abs = path.join(dir, `${n++}-${name}`);
        writeFileSync(abs, written);
        const st = statSync(abs);
        // The text as the loader reads it (a BOM taken off), and what it parses to.
        const read = await readItemText({ file: name, abs, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino });
        if (!('text' in read)) return;
        const parsed = parseItem(read.text, name, defaults);
        if (!parsed.ok || !parsed.item.body) return;
        const body = parsed.item.body;
        seen[name.endsWith('.json') ? 'json' : body.format === 'html' ? 'frontMatterHtml' : 'markdown']++;
        expect(readBodyText(abs, name, defaults, digest(read.text), body.format)).toBe(body.text);
        // Taken without the parser, except a Markdown file's content_html (in its YAML).
        const quick = bodyTextOf(read.text, name, body.format);
        if (name.endsWith('.md') && body.format === 'html') expect(quick).toBeUndefined();
        else expect(quick).toBe(body.text);
      }),
      { numRuns: 1000 },
    );
    // The generators reach every kind: a property that only saw refused items would prove nothing.
    expect(seen.markdown).toBeGreaterThan(100);
    expect(seen.frontMatterHtml).toBeGreaterThan(30);
    expect(seen.json).toBeGreaterThan(100);
  });

  it('keeps what parseItem keeps in hand-made extremes', () => {
    const cases: [string, string][] = [
      ['a.md', '---\ntitle: T\nurl: https://x.example/a\npublished: 2026-11-01T10:00:00Z\n---\n\n\n  indented\r\n---\nafter a rule\u0000\uFFFF\uD800 end \n'],
      ['a.md', '--- \r\ntitle: T\r\nurl: https://x.example/a\r\npublished: 2026-11-01T10:00:00Z\r\n---\t\r\nBody\r\n'],
      ['a.md', '---\ntitle: T\nurl: https://x.example/a\npublished: 2026-11-01T10:00:00Z\n---   \n---\n---\n\u2028\uFEFF\u00A0body\r'],
      ['a.json', '{"title":"T","url":"https://x.example/a","published":"2026-11-01T10:00:00Z","content_html":"<p>\\u0001x\\ud800\\uDC00y\\uFFFE</p>\\r\\n"}'],
    ];
    for (const [name, t] of cases) {
      const parsed = parseItem(t, name, defaults);
      expect(parsed.ok, name).toBe(true);
      if (!parsed.ok) continue;
      const body = parsed.item.body!;
      expect(bodyTextOf(t, name, body.format)).toBe(body.text);
    }
  });
});

describe('a body whose file changed after it was listed', () => {
  const item = '---\ntitle: T\nurl: https://x.example/a\npublished: 2026-11-01T10:00:00Z\n---\nThe body.\n';

  it('stops the run (ItemChangedError), edited or gone', () => {
    const abs = path.join(dir, 'changed.md');
    writeFileSync(abs, item);
    const hash = digest(item);
    expect(readBodyText(abs, 'changed.md', defaults, hash, 'markdown')).toBe('The body.\n');
    writeFileSync(abs, item.replace('The body.', 'An edit.'));
    expect(() => readBodyText(abs, 'changed.md', defaults, hash, 'markdown')).toThrow(ItemChangedError);
    unlinkSync(abs);
    expect(() => readBodyText(abs, 'changed.md', defaults, hash, 'markdown')).toThrow(ItemChangedError);
  });

  it('stops the run when its bytes are no longer UTF-8', () => {
    const abs = path.join(dir, 'bytes.md');
    writeFileSync(abs, Buffer.concat([Buffer.from(item), Buffer.from([0xff])]));
    expect(() => readBodyText(abs, 'bytes.md', defaults, digest(item), 'markdown')).toThrow(ItemChangedError);
  });
});
