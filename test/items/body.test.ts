// Bodies become the HTML a feed carries: Markdown rendered, relative URLs made absolute against
// the item's URL, withheld photos removed. The output is parsed as HTML and checked.
// (The XSS vectors are in test/sanitize.test.ts.)
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { bodyRendered, renderBody, renderBodyParts, renderingKey, seedBody, type BodyOptions } from '../../src/items/body.js';
import type { Body } from '../../src/types.js';

const URL_ = 'https://news.example.org/2026/11/20/goteborg-strike-ends';
const opts = (over: Partial<BodyOptions> = {}): BodyOptions => ({ baseUrl: URL_, sanitize: true, allowDataImages: false, blockedImages: [], ...over });
const md = (text: string): Body => ({ format: 'markdown', text });
const html = (text: string): Body => ({ format: 'html', text });

interface El { name: string; attribs: Record<string, string>; text: string }
/** Every element of an HTML fragment, in document order, with its text. */
function elements(fragment: string): El[] {
  const out: El[] = [];
  const textOf = (n: any): string => (n.type === 'text' ? n.data : (n.children ?? []).map(textOf).join(''));
  const walk = (n: any) => {
    if (n.type === 'tag') out.push({ name: n.name, attribs: n.attribs, text: textOf(n) });
    for (const c of n.children ?? []) walk(c);
  };
  walk(parseDocument(fragment, { decodeEntities: true }));
  return out;
}

describe('renderBody', () => {
  it('renders Markdown: paragraphs, emphasis, headings, lists, links', () => {
    const els = elements(renderBody(md('Dockworkers **voted**.\n\n## Next\n\n- one\n- two\n\n[deal](https://x.org/deal)'), opts()));
    expect(els.map((e) => e.name)).toEqual(['p', 'strong', 'h2', 'ul', 'li', 'li', 'p', 'a']);
    expect(els.find((e) => e.name === 'strong')!.text).toBe('voted');
    expect(els.find((e) => e.name === 'a')!.attribs.href).toBe('https://x.org/deal');
  });

  it("resolves relative links and images against the item's URL", () => {
    const els = elements(renderBody(md('[pdf](/documents/deal.pdf) [next](next-story) [top](#top)\n\n![gate](../../media/gate.jpg)'), opts()));
    expect(els.filter((e) => e.name === 'a').map((e) => e.attribs.href)).toEqual([
      'https://news.example.org/documents/deal.pdf',
      'https://news.example.org/2026/11/20/next-story',
      `${URL_}#top`,
    ]);
    expect(els.find((e) => e.name === 'img')!.attribs).toEqual({ src: 'https://news.example.org/2026/media/gate.jpg', alt: 'gate' });
  });

  it('resolves URLs in an HTML body too, and keeps mailto links', () => {
    const els = elements(renderBody(html('<p><a href="contact">c</a> <a href="mailto:desk@news.example.org">m</a></p>'), opts()));
    expect(els.filter((e) => e.name === 'a').map((e) => e.attribs.href)).toEqual([
      'https://news.example.org/2026/11/20/contact',
      'mailto:desk@news.example.org',
    ]);
  });

  it('drops a withheld photo, and a figure left with only its caption', () => {
    const body = html('<p>a</p><figure><img src="/media/ap.jpg"><figcaption>AP photo</figcaption></figure><p><img src="/media/ok.jpg"></p>');
    const els = elements(renderBody(body, opts({ blockedImages: ['https://news.example.org/media/ap.jpg'] })));
    expect(els.filter((e) => e.name === 'img').map((e) => e.attribs.src)).toEqual(['https://news.example.org/media/ok.jpg']);
    expect(els.some((e) => e.name === 'figure' || e.name === 'figcaption')).toBe(false);
  });

  it('keeps a raster data: image only when the config allows data images', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const body = html(`<p><img src="${png}" alt="dot"></p>`);
    expect(elements(renderBody(body, opts())).some((e) => e.name === 'img')).toBe(false);
    expect(elements(renderBody(body, opts({ allowDataImages: true }))).find((e) => e.name === 'img')!.attribs.src).toBe(png);
    const svg = html('<p><img src="data:image/svg+xml;base64,PHN2Zz4="></p>');
    expect(elements(renderBody(svg, opts({ allowDataImages: true }))).some((e) => e.name === 'img')).toBe(false);
  });

  it('with sanitize off, keeps markup as written but still resolves relative URLs', () => {
    const els = elements(renderBody(html('<p class="lead" data-x="1"><a href="/a">a</a></p>'), opts({ sanitize: false })));
    expect(els[0]!.attribs).toEqual({ class: 'lead', 'data-x': '1' });
    expect(els[1]!.attribs.href).toBe('https://news.example.org/a');
  });

  it('writes "]]>" and ampersands in text as escaped text', () => {
    const out = renderBody(md('A & B say ]]> is <not> a tag'), opts());
    expect(elements(out)[0]!.text).toBe('A & B say ]]> is  a tag');
    expect(out).not.toContain(']]>');
  });
});

describe("the item's photo in its body", () => {
  const photo = 'https://news.example.org/media/2026/11/port.jpg';
  const small = 'https://news.example.org/media/2026/11/port-400.jpg';
  const imageAlt = { urls: [photo, small], alt: 'Four cranes above an empty quay.' };
  const imgs = (fragment: string) => elements(fragment).filter((e) => e.name === 'img').map((e) => [e.attribs.src, e.attribs.alt]);

  it('gets the alt text when its <img> (of any size) has none, and keeps an alt of its own', () => {
    const body = md(`![](/media/2026/11/port.jpg)\n\n<img src="/media/2026/11/port-400.jpg" alt="">\n\n![Own words](/media/2026/11/port.jpg)\n\n![](/media/other.png)`);
    expect(imgs(renderBody(body, opts({ imageAlt })))).toEqual([
      [photo, imageAlt.alt],
      [small, imageAlt.alt],
      [photo, 'Own words'],
      ['https://news.example.org/media/other.png', ''],
    ]);
    // Without alt text given, nothing changes.
    expect(imgs(renderBody(body, opts()))[0]).toEqual([photo, '']);
  });
});

describe('a body rendered on another thread (renderBodyParts, seedBody)', () => {
  const opts = (blockedImages: string[] = []): BodyOptions => ({ baseUrl: 'https://news.example.org/a/story', sanitize: true, allowDataImages: false, blockedImages });
  const text = 'Lead.\n\n![Ice](/img/ice.jpg)\n\n<script>x()</script> <a href="/more">more</a>\n';

  it('is what renderBody makes of the same text and options', () => {
    for (const o of [opts(), opts(['https://news.example.org/img/ice.jpg'])]) {
      const parts = renderBodyParts(text, 'markdown', o);
      expect(parts.html).toBe(renderBody({ format: 'markdown', text }, o));
      expect(parts.srcs).toEqual(['https://news.example.org/img/ice.jpg']);
    }
  });

  it('is kept for a frozen body and answered from memory, per rendering', () => {
    const body: Body = Object.freeze({ format: 'markdown' as const, text });
    const o = opts();
    expect(bodyRendered(body, o)).toBe(false);
    // A marker no rendering makes: renderBody answers with what was seeded, not by rendering again.
    expect(seedBody(body, o, { ...renderBodyParts(text, 'markdown', o), html: '<p>seeded</p>' })).toBe(true);
    expect(bodyRendered(body, o)).toBe(true);
    expect(renderBody(body, o)).toBe('<p>seeded</p>');
    expect(seedBody(body, o, { asHtml: '', html: 'other', srcs: [] })).toBe(false);
    // A document that withholds the body's photo is another rendering; one that withholds a photo it does not show is the same.
    const blocked = opts(['https://news.example.org/img/ice.jpg']);
    expect(bodyRendered(body, blocked)).toBe(false);
    expect(renderBody(body, blocked)).not.toContain('ice.jpg');
    expect(renderBody(body, opts(['https://elsewhere.example/x.jpg']))).toBe('<p>seeded</p>');
    const srcs = new Set(['https://news.example.org/img/ice.jpg']);
    expect(renderingKey(opts(['https://elsewhere.example/x.jpg']), srcs)).toBe(renderingKey(o, srcs));
    expect(renderingKey(blocked, srcs)).not.toBe(renderingKey(o, srcs));
  });

  it('is never kept for a body that can change (not frozen)', () => {
    const body: Body = { format: 'markdown', text };
    expect(seedBody(body, opts(), { asHtml: '', html: 'x', srcs: [] })).toBe(false);
    expect(renderBody(body, opts())).not.toBe('x');
  });
});
