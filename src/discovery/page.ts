// out/index.html: a page a person can read. Every public feed with its subscribe links and
// copyable URL, autodiscovery for the main feed, the latest stories with their credits and
// photos. No partner: what each receives is on the newsroom's private page (private.ts).
// Inline CSS, no script, nothing loaded from elsewhere but the stories' own photos (which
// may fail: each sits in a fixed box with its alt text).
import { creditLine, photoCreditText } from '../attribution.js';
import type { Config } from '../config/schema.js';
import { FILES } from '../render/index.js';
import { attr, text } from '../render/xml.js';
import type { FeedView, Format, Item, Tombstone } from '../types.js';
import { feedGroups, FORMAT_NAMES, type Listing } from './feeds.js';

/** Stories shown under "Latest"; the newsroom's page lists what each partner receives up to this many too. */
export const LATEST = 12;

const SHORT_NAMES: Record<Format, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "26 November 2026, 14:05 UTC": the same on every machine. */
export function displayDate(ms: number): string {
  const d = new Date(ms);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
export const list = (names: readonly string[]) =>
  names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** <wbr> after each slash of the path: a long URL wraps between its parts, and copies as one. */
export function breakable(url: string): string {
  const { origin } = new URL(url);
  return text(origin) + text(url.slice(origin.length)).replace(/\//g, '/<wbr>');
}

/** A format's subscribe link and its URL, shown whole and selected in one click (CSS, no script). `up`: the way back to out/ from the page. */
export function formatRow(l: Listing, f: Listing['files'][number], up = ''): string {
  const type = FILES[f.format].contentType.split(';')[0]!;
  return `<li><a class="format" href="${attr(up + f.path)}" type="${attr(type)}" title="${attr(`${l.view.title}, ${FORMAT_NAMES[f.format]}`)}">${SHORT_NAMES[f.format]}</a>` +
    `<code class="url">${breakable(f.url)}</code></li>`;
}

function feedCard(l: Listing): string {
  return `<article class="feed"><h3>${text(l.view.title)}</h3><p>${text(l.view.description)}</p><ul class="formats">${l.files.map((f) => formatRow(l, f)).join('')}</ul></article>`;
}

function photo(item: Item): string {
  const img = item.image;
  if (!img) return '';
  const ratio = img.width && img.height ? ` style="aspect-ratio: ${img.width} / ${img.height}"` : '';
  const caption = [img.caption, img.credit?.trim() ? photoCreditText(img.credit) : ''].filter(Boolean).map((s) => text(s!)).join(' ');
  // The alt text stands in for the photo; without one, the caption, then the headline.
  const alt = img.alt?.trim() || img.caption || item.title;
  return `<figure class="photo"><div class="frame"${ratio}><img src="${attr(img.url)}" alt="${attr(alt)}" loading="lazy"${
    img.width ? ` width="${img.width}"` : ''
  }${img.height ? ` height="${img.height}"` : ''}></div>${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

export function story(item: Item): string {
  return `<article class="story">${photo(item)}<div class="text"><h3><a href="${attr(item.url)}">${text(item.title)}</a></h3>` +
    `<p class="meta"><time datetime="${iso(item.published)}">${displayDate(item.published)}</time>${
      item.tags.length ? ` · ${text(item.tags.join(', '))}` : ''
    }</p>${item.summary ? `<p class="summary">${text(item.summary)}</p>` : ''}<p class="credit">${text(creditLine(item))}</p></div></article>`;
}

/**
 * A feed's recent kills (its tombstones: when, why, and the story's id — never its headline,
 * which may be what was wrong) and corrections (its corrected stories, latest first), newest first.
 */
export function changesList(view: FeedView): string {
  const kill = (t: Tombstone) =>
    `<li class="kill"><time datetime="${iso(t.when)}">${displayDate(t.when)}</time> ${t.cause === 'expired' ? 'Licence expired' : 'Withdrawn'}: <code>${text(t.id)}</code>${
      t.cause === 'expired' ? '' : ` <span class="note">${text(t.reason)}</span>`
    }</li>`;
  const corrected = view.items
    .filter((i) => i.correction !== undefined)
    .sort((a, b) => b.updated - a.updated || (a.id < b.id ? -1 : 1))
    .slice(0, LATEST);
  const correction = (i: Item) =>
    `<li class="correction"><time datetime="${iso(i.updated)}">${displayDate(i.updated)}</time> Corrected: <a href="${attr(i.url)}">${text(i.title)}</a> <span class="note">${text(i.correction!)}</span></li>`;
  const stones = (view.tombstones ?? []).slice(0, LATEST);
  if (stones.length === 0 && corrected.length === 0) return '';
  // One list, newest change first.
  const rows = [...stones.map((t) => [t.when, kill(t)] as const), ...corrected.map((i) => [i.updated, correction(i)] as const)].sort((a, b) => b[0] - a[0]);
  return `<ul class="changes">${rows.map((r) => r[1]).join('')}</ul>`;
}

// Inline, so the browser asks no server for /favicon.ico (a 404 on a static host).
export const ICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#a4262c"/><path d="M3 4h2l1.5 6L8 4h1.5L11 10l1.5-6H14l-2.4 9H10L8.75 7.5 7.5 13H5.9z" fill="#fff"/></svg>',
)}`;

export const CSS = `
:root { color-scheme: light dark; --ink: #1d1d1f; --muted: #5f6368; --line: #dcdad5; --paper: #fbfaf7; --card: #fff; --accent: #a4262c; --box: #e9e6df; }
@media (prefers-color-scheme: dark) { :root { --ink: #ececec; --muted: #a8a8a8; --line: #3a3a3a; --paper: #151515; --card: #1e1e1e; --accent: #ff7b72; --box: #2b2b2b; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 16px/1.5 Georgia, "Times New Roman", serif; }
header, main, footer { max-width: 68rem; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 2.5rem; padding-bottom: 1.5rem; border-bottom: 3px double var(--line); }
h1 { font-size: 2.4rem; line-height: 1.1; margin: 0 0 .4rem; letter-spacing: -.01em; }
h2 { font: 700 .8rem/1 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .12em; color: var(--accent); margin: 2.5rem 0 1rem; padding-bottom: .5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.15rem; line-height: 1.3; margin: 0 0 .35rem; }
a { color: inherit; text-decoration-color: var(--accent); text-underline-offset: .15em; }
.lede { color: var(--muted); margin: 0; max-width: 42rem; }
.opml { font: .9rem system-ui, sans-serif; margin: .75rem 0 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(20rem, 100%), 1fr)); gap: 1rem; }
.feed, .card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.1rem; }
.feed p, .policy { color: var(--muted); font-size: .92rem; margin: 0 0 .75rem; }
.formats { list-style: none; margin: 0; padding: 0; display: grid; gap: .4rem; font: .85rem system-ui, sans-serif; }
.formats li { display: grid; grid-template-columns: 6.25rem 1fr; gap: .6rem; align-items: start; }
.format { display: block; text-align: center; text-decoration: none; background: var(--accent); color: #fff; border-radius: 4px; padding: .2rem .4rem; font-weight: 600; white-space: nowrap; }
.format:hover, .format:focus { filter: brightness(1.15); }
.url { display: block; min-width: 0; font: .78rem/1.5 ui-monospace, "DejaVu Sans Mono", monospace; color: var(--ink); background: var(--paper); border: 1px solid var(--line); border-radius: 4px; padding: .15rem .4rem; overflow-wrap: anywhere; user-select: all; -webkit-user-select: all; cursor: text; }
.stories { display: grid; gap: 1.5rem; }
.story { display: grid; grid-template-columns: minmax(0, 15rem) 1fr; gap: 1.25rem; padding-bottom: 1.5rem; border-bottom: 1px solid var(--line); }
.story:not(:has(.photo)) { grid-template-columns: 1fr; }
.story h3 a { text-decoration: none; }
.story h3 a:hover { text-decoration: underline; }
.photo { margin: 0; }
.frame { aspect-ratio: 3 / 2; background: var(--box); border-radius: 4px; overflow: hidden; }
.frame img { display: block; width: 100%; height: 100%; object-fit: cover; color: var(--muted); font: italic .8rem/1.4 system-ui, sans-serif; padding: 0; }
figcaption { font: .78rem/1.4 system-ui, sans-serif; color: var(--muted); margin-top: .35rem; }
.meta { font: .8rem system-ui, sans-serif; color: var(--muted); margin: 0 0 .4rem; }
.summary { margin: 0 0 .5rem; }
.credit { font: italic .85rem/1.4 Georgia, serif; color: var(--muted); margin: 0; }
.note { font: .75rem system-ui, sans-serif; color: var(--muted); }
.changes { margin: 0 0 1rem; padding-left: 1.1rem; font-size: .9rem; }
.changes li { margin: .2rem 0; }
.changes time { font: .78rem system-ui, sans-serif; color: var(--muted); }
.changes .kill code { font-size: .78rem; overflow-wrap: anywhere; }
footer { color: var(--muted); font: .8rem/1.5 system-ui, sans-serif; padding-top: 2rem; padding-bottom: 3rem; }
@media (max-width: 40rem) { .story { grid-template-columns: 1fr; } h1 { font-size: 1.8rem; } }
`;

/** The document both pages are: the public one and the newsroom's private one (private.ts). `head`: its lines between the viewport and the style. */
export function pageShell(p: { lang: string; head: readonly string[]; css: string; header: string; main: string; footer: string }): string {
  return `<!doctype html>
<html lang="${attr(p.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${p.head.join('\n')}
<style>${p.css}</style>
</head>
<body>
<header>
${p.header}
</header>
<main>
${p.main}
</main>
<footer>${p.footer}</footer>
</body>
</html>
`;
}

export function renderIndexPage(config: Config, views: readonly FeedView[]): string {
  const groups = feedGroups(config, views);
  const main = groups.find((g) => g.kind === 'main')?.feeds[0];
  const site = config.site;
  const discovery = (main?.files ?? [])
    .map((f) => `<link rel="alternate" type="${attr(FILES[f.format].contentType.split(';')[0]!)}" title="${attr(`${main!.view.title} (${FORMAT_NAMES[f.format]})`)}" href="${attr(f.path)}">`)
    .join('\n');
  const subscribe = groups
    .map((g) => `<h2 id="${g.kind === 'main' ? 'subscribe' : 'topics'}">${text(g.kind === 'main' ? 'Subscribe' : g.heading)}</h2><div class="grid">${g.feeds.map(feedCard).join('')}</div>`)
    .join('\n');
  const latest = main ? main.view.items.slice(0, LATEST) : [];
  const mainChanges = main ? changesList(main.view) : '';
  return pageShell({
    lang: site.language,
    head: [
      `<title>${text(`${site.title}: feeds`)}</title>`,
      `<meta name="description" content="${attr(site.description ?? site.title)}">`,
      `<link rel="icon" href="${attr(ICON)}">`,
      discovery,
    ],
    css: CSS,
    header: `<h1>${text(site.title)}</h1>
${site.description ? `<p class="lede">${text(site.description)}</p>` : ''}
<p class="opml">Every feed below in one file for your reader: <a href="feeds.opml" type="text/x-opml">feeds.opml</a>. Or copy a feed's address (one click selects it) into any feed reader.</p>`,
    main: `${subscribe}
${latest.length ? `<h2 id="latest">Latest stories</h2><div class="stories">${latest.map(story).join('\n')}</div>` : ''}${
  mainChanges ? `\n<h2 id="changes">Corrections and withdrawals</h2>${mainChanges}` : ''
}`,
    footer: `${site.rights ? `<p>${text(site.rights)}</p>` : ''}<p>Made with wirefeed.</p>`,
  });
}
