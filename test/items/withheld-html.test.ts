// Issue 9, point 8: removing a picture a partner may not have leaves well-formed HTML: no
// private tag, no unclosed element, no wrapper (a link, a picture, a paragraph, emphasis) left
// with nothing in it, and every other picture and word where it was. Bodies are generated
// (fast-check: any nesting of wrappers around withheld pictures, cleared pictures and text)
// and the output is parsed with htmlparser2.
import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { renderBody } from '../../src/items/body.js';

const BASE = 'https://news.example.org/2026/a';
const BLOCKED = 'https://news.example.org/media/ap.jpg';
const opts = { baseUrl: BASE, sanitize: true, allowDataImages: false, blockedImages: [BLOCKED] };

type Tree = { leaf: 'blocked' | 'ok' | 'text'; n: number } | { tag: string; children: Tree[] };
// Only nestings HTML allows (no <p> in <p>, no link in a link), so that any change the parser
// makes is ours to answer for.
const leaf = fc.record({ leaf: fc.constantFrom('blocked' as const, 'ok' as const, 'text' as const), n: fc.nat(999) });
const { inline } = fc.letrec<{ inline: Tree }>((tie) => ({
  inline: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ tag: fc.constantFrom('span', 'em', 'strong'), children: fc.array(tie('inline'), { minLength: 1, maxLength: 3 }) }),
  ),
}));
const link = fc.record({ tag: fc.constant('a'), children: fc.array(inline, { minLength: 1, maxLength: 3 }) });
const para = fc.record({ tag: fc.constant('p'), children: fc.array(fc.oneof(inline, link), { minLength: 1, maxLength: 3 }) });
const tree: fc.Arbitrary<Tree> = fc.oneof(para, fc.record({ tag: fc.constant('div'), children: fc.array(fc.oneof(para, link), { minLength: 1, maxLength: 3 }) }));

function html(t: Tree): string {
  if ('leaf' in t) {
    if (t.leaf === 'text') return ` word${t.n} `;
    const src = t.leaf === 'blocked' ? '/media/ap.jpg' : `/media/ok${t.n}.jpg`;
    // Both spellings of a void element, with and without a title.
    return t.n % 2 ? `<img src="${src}" alt="" title="t${t.n}" />` : `<img src="${src}" alt="">`;
  }
  const attrs = t.tag === 'a' ? ' href="/more"' : '';
  return `<${t.tag}${attrs}>${t.children.map(html).join('')}</${t.tag}>`;
}
const leaves = (t: Tree): Extract<Tree, { leaf: string }>[] => ('leaf' in t ? [t] : t.children.flatMap(leaves));

interface Parsed { tags: string[]; implied: string[]; empty: string[]; imgs: string[]; text: string; nested: string[] }
function parse(out: string): Parsed {
  const r: Parsed = { tags: [], implied: [], empty: [], imgs: [], text: '', nested: [] };
  const open: { name: string; content: boolean }[] = [];
  const p = new Parser({
    onopentag(name, attribs) {
      r.tags.push(name);
      // A link inside a link is not HTML: what a stray close tag leaves behind.
      if (name === 'a' && open.some((o) => o.name === 'a')) r.nested.push(name);
      if (open.length) open[open.length - 1]!.content ||= name === 'img';
      if (name === 'img') r.imgs.push(attribs.src!);
      open.push({ name, content: false });
    },
    ontext(t) {
      r.text += t;
      if (t.trim() && open.length) for (const o of open) o.content = true;
    },
    onclosetag(name, implied) {
      const f = open.pop()!;
      if (implied && name !== 'img') r.implied.push(name);
      if (!f.content && name !== 'img') r.empty.push(name);
      if (f.content && open.length) open[open.length - 1]!.content = true;
    },
  });
  p.write(out);
  p.end();
  return r;
}

describe('a withheld picture', () => {
  it('leaves well-formed HTML with no empty wrapper, every cleared picture and every word in place', () => {
    fc.assert(
      fc.property(fc.array(tree, { minLength: 1, maxLength: 4 }), (trees) => {
        const input = trees.map(html).join('');
        const out = renderBody({ format: 'html', text: input }, opts);
        const r = parse(out);
        expect(r.tags.filter((t) => t.startsWith('wirefeed')), out).toEqual([]);
        expect(out).not.toMatch(/wirefeed-blocked/);
        expect(r.implied, out).toEqual([]);
        expect(r.nested, `${input}\n→ ${out}`).toEqual([]);
        expect(r.empty, `${input}\n→ ${out}`).toEqual([]);
        expect(r.imgs).not.toContain(BLOCKED);
        const all = trees.flatMap(leaves);
        expect(r.imgs).toEqual(all.filter((l) => l.leaf === 'ok').map((l) => `https://news.example.org/media/ok${l.n}.jpg`));
        expect(r.text.split(/\s+/).filter(Boolean)).toEqual(all.filter((l) => l.leaf === 'text').map((l) => `word${l.n}`));
      }),
      { numRuns: 300 },
    );
  });

  it('a picture element whose only image is withheld goes whole', () => {
    const out = renderBody({ format: 'html', text: '<p>Before</p><picture><img src="/media/ap.jpg"></picture><p>After</p>' }, opts);
    expect(parse(out).empty).toEqual([]);
    expect(out).toBe('<p>Before</p><p>After</p>');
  });

  it('in Markdown: a withheld photo in its own paragraph, then links (the sample item that once wrote </wirefeed-blocked>)', () => {
    fc.assert(
      fc.property(fc.nat(5), fc.boolean(), (links, title) => {
        const md = `Intro.\n\n![Chart](/media/ap.jpg${title ? ' "Chart"' : ''})\n\nMore.\n\n${Array.from({ length: links + 1 }, (_, k) => `[link ${k}](/l${k})`).join(' and ')}.\n`;
        const out = renderBody({ format: 'markdown', text: md }, opts);
        const r = parse(out);
        expect(out).not.toMatch(/wirefeed/);
        expect(r.implied, out).toEqual([]);
        expect(r.nested, out).toEqual([]);
        expect(r.empty, out).toEqual([]);
        expect(r.tags.filter((t) => t === 'a')).toHaveLength(links + 1);
      }),
    );
  });

  it('in Markdown, a linked photo leaves no empty link', () => {
    const out = renderBody({ format: 'markdown', text: '[![AP photo](/media/ap.jpg)](/more) Harbour reopens.\n' }, opts);
    expect(parse(out).empty).toEqual([]);
    expect(out).toBe('<p> Harbour reopens.</p>\n');
  });
});
