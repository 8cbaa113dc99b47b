// The private documents, under partners/<token>/ (see partners/access.ts): each partner's own
// OPML, and the newsroom's overview (who receives what, what was withheld and why, the kills
// and corrections each was sent), which only the newsroom's credential opens.
import type { Config, PartnerConfig } from '../config/schema.js';
import { tokenDir, type PartnerAccess } from '../partners/access.js';
import { attr, text } from '../render/xml.js';
import { photoCleared } from '../rights.js';
import type { FeedView, Item, RenderedFeed } from '../types.js';
import { partnerListings, type Listing } from './feeds.js';
import { renderPartnerOpml } from './opml.js';
import { breakable, changesList, CSS, formatRow, ICON, LATEST, list, pageShell } from './page.js';

/** The partner's policy in a sentence or three. */
export function policyText(p: PartnerConfig): string[] {
  const out = [p.tags ? `Stories tagged ${list(p.tags)}` : 'Stories on every subject'];
  out[0] += p.full_text ? ', full text.' : ', summaries only.';
  const pol = p.policy;
  if (pol.agencies) out.push(`Wire stories from ${list(pol.agencies)} only; our own stories always.`);
  if (pol.deny_agencies.length) out.push(`Never stories by ${list(pol.deny_agencies)}.`);
  if (pol.deny_photo_credits.length) out.push(`Photos credited to ${list(pol.deny_photo_credits)} are withheld.`);
  out.push(pol.allow_uncredited_photos ? 'Uncredited pictures may go out.' : 'Uncredited pictures are withheld.');
  return out;
}

function received(item: Item, view: FeedView, partner: PartnerConfig): string {
  const notes: string[] = [];
  const withheld = item.image !== undefined && view.blockedImages.includes(item.image.url);
  if (withheld) {
    const why = photoCleared(item.image!.credit, partner);
    notes.push(`photo withheld${why.cleared ? '' : `: ${why.reason.replace(/^its policy /, '')}`}`);
  } else if (item.image) notes.push('with photo');
  const cls = withheld ? ' class="withheld"' : '';
  return `<li${cls}><a href="${attr(item.url)}">${text(item.title)}</a>${notes.length ? ` <span class="note">${text(notes.join('; '))}</span>` : ''}</li>`;
}

/** From partners/<newsroom token>/index.html back to out/. */
const UP = '../../';

/** A partner's ninjs index, beside its feeds: what its ingest system polls. */
function ninjsRow(l: Listing): string {
  const n = l.view.ninjs;
  if (!n) return '';
  const name = n.version === 'superdesk' ? 'ninjs (Superdesk)' : `ninjs ${n.version}`;
  return `<li><a class="format" href="${attr(UP + n.index)}" type="application/json" title="${attr(`${l.view.title}, ${name} index`)}">${text(name)}</a>` +
    `<code class="url">${breakable(n.links.self)}</code></li>`;
}

function partnerCard(p: PartnerConfig, l: Listing | undefined): string {
  const head = `<h3>${text(p.title ?? p.name)} <span class="slug">${text(p.name)}</span></h3><p class="policy">${policyText(p).map(text).join(' ')}</p>`;
  if (!l)
    return `<article class="card partner" id="partner-${attr(p.name)}">${head}<p class="count withheld">No secret yet: its feeds are not written. Run <code>wirefeed partners add ${text(p.name)}</code>.</p></article>`;
  const v = l.view;
  const shown = v.items.slice(0, LATEST);
  const more = v.items.length - shown.length;
  const withheld = v.items.filter((i) => i.image && v.blockedImages.includes(i.image.url)).length;
  const count = `${v.items.length} ${v.items.length === 1 ? 'story' : 'stories'}${withheld ? `, ${withheld} without their photo` : ''}`;
  const changes = changesList(v);
  return `<article class="card partner" id="partner-${attr(p.name)}">${head}` +
    `<p class="count">Receives ${text(count)}:</p><ul class="received">${shown.map((i) => received(i, v, p)).join('')}${
      more > 0 ? `<li class="more">and ${more} older</li>` : ''
    }</ul>` +
    (changes ? `<p class="count">Kills and corrections it was sent:</p>${changes}` : '') +
    `<ul class="formats">${l.files.map((f) => formatRow(l, f, UP)).join('')}${ninjsRow(l)}</ul></article>`;
}

const PARTNER_CSS = `
.partner .formats { border-top: 1px solid var(--line); padding-top: .75rem; }
.partner .formats li { grid-template-columns: 1fr; gap: .2rem; }
.partner .format { justify-self: start; min-width: 6.25rem; }
.slug { font: .75rem ui-monospace, monospace; color: var(--muted); font-weight: normal; }
.count { font: 600 .85rem system-ui, sans-serif; margin: 0 0 .3rem; }
.received { margin: 0 0 1rem; padding-left: 1.1rem; font-size: .9rem; }
.received li { margin: .15rem 0; }
.note { font: .75rem system-ui, sans-serif; color: var(--muted); }
.withheld .note, .count.withheld { color: var(--accent); }
`;

/** The newsroom's page: every partner, what it receives and what it does not, its kills and corrections. */
export function renderNewsroomPage(config: Config, views: readonly FeedView[], access: PartnerAccess | undefined): string {
  const site = config.site;
  const cards = partnerListings(config, views, access).map(({ partner, listing }) => partnerCard(partner, listing));
  return pageShell({
    lang: site.language,
    head: [
      '<meta name="robots" content="noindex, nofollow">',
      '<meta name="referrer" content="no-referrer">',
      `<title>${text(`${site.title}: partners (private)`)}</title>`,
      `<link rel="icon" href="${attr(ICON)}">`,
    ],
    css: CSS + PARTNER_CSS,
    header: `<h1>${text(site.title)}: partners</h1>
<p class="lede">Private: the newsroom's own view. Each partner's feed carries only what its rights allow, with the full credit line and a link to our version; each partner's credential opens its own feeds and nothing else.</p>`,
    main: `<h2 id="partners">Partners</h2><div class="grid">${cards.join('\n')}</div>`,
    footer: '<p>Made with wirefeed.</p>',
  });
}

/** Every private document but the feeds: each partner's OPML, and the newsroom's page when it has a credential. */
export function renderPrivate(config: Config, views: readonly FeedView[], access: PartnerAccess | undefined): RenderedFeed[] {
  const out: RenderedFeed[] = [];
  for (const { listing, dir } of partnerListings(config, views, access))
    // A partner that takes ninjs alone has no feed to list.
    if (listing && dir && listing.files.length > 0) out.push({ path: `${dir}/feeds.opml`, contentType: 'text/x-opml; charset=utf-8', body: renderPartnerOpml(listing) });
  if (access?.newsroom)
    out.push({ path: `${tokenDir(access.newsroom)}/index.html`, contentType: 'text/html; charset=utf-8', body: renderNewsroomPage(config, views, access) });
  return out;
}

