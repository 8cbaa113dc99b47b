// The profiles, and the seams the stages call. Everything platform-specific is in the
// <platform>.ts modules; this file only looks them up and applies them:
//   select/partners.ts: judgeItems (which items go out, --strict), takedowns, fitBudget;
//   render/rss.ts, atom.ts: profileNamespaces, profileHead, profileItemXml; items/body.ts: profileHtml;
//   build.ts: profileProblems (the check's warnings, with file:line).
import type { PartnerConfig } from '../config/schema.js';
import type { Kill } from '../catalog.js';
import type { FeedView, Item, RenderedFeed } from '../types.js';
import { appleNews } from './apple-news.js';
import { feedly } from './feedly.js';
import { flipboard } from './flipboard.js';
import { googleNews } from './google-news.js';
import { msn } from './msn.js';
import { smartnews } from './smartnews.js';
import type { HtmlAllowlist, Profile, ProfileName, RuleContext, RuleFinding } from './types.js';

export * from './types.js';

export const PROFILES: Record<ProfileName, Profile> = {
  msn,
  'google-news': googleNews,
  flipboard,
  smartnews,
  'apple-news': appleNews,
  feedly,
};

export const profileOf = (partner: PartnerConfig): Profile | undefined => (partner.profile ? PROFILES[partner.profile] : undefined);

/** Every rule of the profile the item breaks, in the profile's order. */
export function checkItem(item: Item, profile: Profile, ctx: RuleContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const rule of profile.rules) {
    const f = rule(item, ctx);
    if (f) out.push(f);
  }
  return out;
}

export interface Judged {
  /** What goes out: newest first, at most `max`. */
  items: Item[];
  /** Each judged item's findings (only items with any). */
  findings: { item: Item; findings: RuleFinding[] }[];
}

/**
 * The items a profiled partner receives, from its cleared items newest first: each is judged;
 * with `strict`, one that breaks a rule is left out and the next one takes its place, so the
 * document still holds `max` items when there are enough good ones.
 */
export function judgeItems(newestFirst: readonly Item[], profile: Profile, ctx: RuleContext, max: number, strict: boolean): Judged {
  const items: Item[] = [];
  const findings: Judged['findings'] = [];
  for (const item of newestFirst) {
    if (items.length >= max) break;
    const f = checkItem(item, profile, ctx);
    if (f.length > 0) findings.push({ item, findings: f });
    if (!(strict && f.length > 0)) items.push(item);
  }
  return { items, findings };
}

/**
 * MSN's takedown: the killed story stays, with the same id, an expiry in the past and a newer
 * updated; it carries the kill's reason and nothing of the story's body or photo.
 */
export function takedownItem(kill: Kill): Item {
  const { item } = kill;
  const updated = Math.max(item.updated, kill.when);
  // Field by field, not a spread: an item of the parse cache reads most of its fields through
  // getters (cache/head.ts), which a spread does not copy. Body, photo and correction are left out.
  const out: Item = {
    file: item.file,
    id: item.id,
    url: item.url,
    title: item.title,
    published: item.published,
    updated,
    summary: `This story has been withdrawn: ${kill.reason}.`,
    authors: item.authors,
    contributors: item.contributors,
    tags: item.tags,
    syndication: { ...item.syndication, expires: kill.when },
    withdrawn: false,
  };
  if (item.language !== undefined) out.language = item.language;
  if (item.source !== undefined) out.source = item.source;
  if (item.credit !== undefined) out.credit = item.credit;
  if (item.rights !== undefined) out.rights = item.rights;
  if (item.license !== undefined) out.license = item.license;
  return out;
}

/** Bytes of each rendered file of a document. */
const sizes = (files: readonly RenderedFeed[]) => files.map((f) => Buffer.byteLength(f.body, 'utf8'));

/**
 * The document cut to the profile's budget: at most maxItems, and as many of its newest items
 * as keep every rendered format within maxBytes (measured by rendering: a binary search over
 * the count, whole items only). Returns the view unchanged when it fits.
 */
export function fitBudget(view: FeedView, profile: Profile, render: (v: FeedView) => RenderedFeed[]): FeedView {
  const { maxItems, maxBytes } = profile.budget;
  let v = view;
  const cut = (n: number): FeedView =>
    n >= view.items.length ? view : { ...view, items: view.items.slice(0, n), complete: false, budgetCut: { from: view.items.length } };
  if (maxItems !== undefined && v.items.length > maxItems) v = cut(maxItems);
  if (maxBytes === undefined) return v;
  const fits = (n: number) => sizes(render(cut(n))).every((b) => b <= maxBytes);
  if (fits(v.items.length)) return v;
  let lo = 0; // fits (an empty document is assumed to)
  let hi = v.items.length; // does not fit
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return cut(lo);
}

const bytes = (n: number) => n.toLocaleString('en-US');

/**
 * What an operator should know about a profiled document as a whole: items the budget left
 * out (the platform would have dropped them silently), and a feed smaller than the platform wants.
 */
export function feedNotes(view: FeedView, profile: Profile, partner: string): string[] {
  const notes: string[] = [];
  const { maxItems, maxBytes, minItems } = profile.budget;
  if (view.budgetCut) {
    const limits = [maxItems !== undefined ? `${maxItems} items` : '', maxBytes !== undefined ? `${bytes(maxBytes)} bytes per file` : ''].filter(Boolean).join(' and ');
    notes.push(`partner ${partner} (${profile.name}): ${view.items.length} of ${view.budgetCut.from} items fit ${profile.platform}'s ${limits}; the older ones are left out of its feed`);
  }
  if (minItems !== undefined && view.items.length < minItems)
    notes.push(`partner ${partner} (${profile.name}): ${profile.platform} wants at least ${minItems} items in the feed; it has ${view.items.length} (raise the partner's limit, or wait for more stories)`);
  return notes;
}

// The render seams: a view without a profile gets nothing.
const ext = (view: FeedView) => (view.profile ? PROFILES[view.profile.name].extensions : undefined);

/** xmlns:<prefix> attributes for the profile's extension namespaces. */
export function profileNamespaces(view: FeedView): Record<string, string> {
  const ns = ext(view)?.namespaces ?? {};
  return Object.fromEntries(Object.entries(ns).map(([prefix, uri]) => [`xmlns:${prefix}`, uri] as const)) as Record<string, string>;
}

/** The profile's channel (RSS) or feed (Atom) elements. */
export function profileHead(view: FeedView, format: 'rss' | 'atom'): string[] {
  const e = ext(view);
  return e && view.profile ? e.head(view.profile.identity, format).filter(Boolean) : [];
}

/** The profile's elements in every item or entry. */
export function profileItemXml(view: FeedView): string {
  const e = ext(view);
  return e?.item && view.profile ? e.item(view.profile.identity) : '';
}

/** Which of an item's times RSS `pubDate` carries in this view (Profile.pubDate). */
export const profilePubDate = (view: FeedView): 'published' | 'updated' => (view.profile ? (PROFILES[view.profile.name].pubDate ?? 'published') : 'published');

/** The HTML allowlist bodies are sanitized to, when the profile has its own. */
export const profileHtml = (view: FeedView): HtmlAllowlist | undefined => (view.profile ? PROFILES[view.profile.name].html : undefined);
