// The rights decisions: may partner P receive item I, and may it receive I's photos?
// Pure functions of the item and the partner's config; selection and lint both ask here.
import type { PartnerConfig } from './config/schema.js';
import type { Item } from './types.js';

/** What photo rights look at in an item's own photo: its URL, its renditions' URLs and its credit. */
export interface PhotoRights {
  url: string;
  credit?: string;
  renditions?: readonly { url: string }[];
}

export type Decision = { cleared: true } | { cleared: false; reason: string };

const CLEARED: Decision = { cleared: true };
const refused = (reason: string): Decision => ({ cleared: false, reason });

/** Names compare without regard to case or runs of spaces: "TT  News agency" is "TT News Agency". */
export const sameName = (a: string, b: string) => normalName(a) === normalName(b);

// Every item of an archive is judged for every partner: each name is normalized once per run.
const normalNames = new Map<string, string>();
function normalName(name: string): string {
  let n = normalNames.get(name);
  if (n === undefined) {
    if (normalNames.size > 10_000) normalNames.clear();
    normalNames.set(name, (n = name.trim().replace(/\s+/g, ' ').toLowerCase()));
  }
  return n;
}

const listed = (name: string, names: readonly string[]) => names.some((n) => sameName(n, name));

/** The item's own `syndication.partners`: `all`, `none`, or the names it may go to. */
export function itemAllows(item: Item, partner: string): Decision {
  const p = item.syndication.partners;
  if (p === 'all') return CLEARED;
  if (p === 'none') return refused('the item says syndication.partners: none');
  return p.includes(partner) ? CLEARED : refused('the item does not list it in syndication.partners');
}

/** The item's authors that are news agencies (config `site.agencies`). */
export function agenciesOf(item: Item, siteAgencies: readonly string[]): string[] {
  return item.authors.map((a) => a.name).filter((name) => listed(name, siteAgencies));
}

/**
 * The partner's policy on the story, by who wrote it. Any author in `deny_agencies` refuses it.
 * With `agencies` given, every agency among the authors must be on that list; authors that are
 * not agencies (our own staff) never need clearing.
 */
export function policyAllows(item: Item, partner: PartnerConfig, siteAgencies: readonly string[]): Decision {
  const { agencies, deny_agencies: deny } = partner.policy;
  const deniedAuthor = item.authors.find((a) => listed(a.name, deny));
  if (deniedAuthor) return refused(`its policy denies stories by ${deniedAuthor.name}`);
  if (agencies) {
    const other = agenciesOf(item, siteAgencies).find((name) => !listed(name, agencies));
    if (other) return refused(`its policy does not take stories by ${other}`);
  }
  return CLEARED;
}

/** May the partner receive the story at all: the item's own wish, then the partner's policy. */
export function storyCleared(item: Item, partner: PartnerConfig, siteAgencies: readonly string[]): Decision {
  const own = itemAllows(item, partner.name);
  return own.cleared ? policyAllows(item, partner, siteAgencies) : own;
}

/** `credit` names `who` as a whole word: "Markus Schreiber/AP/TT" and "AP Photo/Evan Vucci" both name AP. */
export function creditNames(credit: string, who: string): boolean {
  let re = creditPatterns.get(who);
  if (!re) {
    const word = who.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    creditPatterns.set(who, (re = new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, 'iu')));
  }
  return re.test(credit);
}

// One pattern per name in a policy, not one per photo judged.
const creditPatterns = new Map<string, RegExp>();

/**
 * May the partner receive a photo with this credit? A credit naming a denied agency or
 * photographer refuses it; a photo with no credit at all (its rights unknown) is refused
 * unless the policy allows uncredited photos.
 */
export function photoCleared(credit: string | undefined, partner: PartnerConfig): Decision {
  const c = credit?.trim();
  if (!c) return partner.policy.allow_uncredited_photos ? CLEARED : refused('the photo has no credit');
  const denied = partner.policy.deny_photo_credits.find((d) => creditNames(c, d));
  return denied ? refused(`its policy denies photos credited to ${denied}`) : CLEARED;
}

/**
 * The image URLs of a cleared item that the partner may not receive: its own photo when the
 * credit is refused, and any other picture in its body (those carry no credit of their own).
 */
export function withheldImages(item: { image?: PhotoRights }, partner: PartnerConfig, bodyImages: readonly string[]): string[] {
  const out: string[] = [];
  const own = item.image;
  // The photo's renditions are the photo: its credit clears or refuses them all.
  const ownUrls = own ? [own.url, ...(own.renditions ?? []).map((r) => r.url)] : [];
  if (own && !photoCleared(own.credit, partner).cleared) out.push(...ownUrls);
  const uncredited = photoCleared(undefined, partner).cleared;
  for (const url of bodyImages) {
    if (ownUrls.includes(url)) continue;
    if (!uncredited) out.push(url);
  }
  return out;
}

