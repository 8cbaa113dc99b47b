// The rights decisions: may partner P receive item I, and may it receive I's photos?
// Pure functions of the item and the partner's config; selection and lint both ask here.
import type { PartnerConfig } from './config/schema.js';
import type { Item } from './types.js';
import { memoized } from './memo.js';

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
const normalName = memoized(10_000, (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase());

const listed = (name: string, names: readonly string[]) => names.some((n) => sameName(n, name));

/** Whether the item's own `syndication.partners` lets it go to `partner`. */
function itemTakes(item: Item, partner: string): boolean {
  const p = item.syndication.partners;
  return p === 'all' || (p !== 'none' && p.includes(partner));
}

/** The item's own `syndication.partners`: `all`, `none`, or the names it may go to. */
export function itemAllows(item: Item, partner: string): Decision {
  if (itemTakes(item, partner)) return CLEARED;
  return refused(item.syndication.partners === 'none' ? 'the item says syndication.partners: none' : 'the item does not list it in syndication.partners');
}

/** The item's authors that are news agencies (config `site.agencies`). */
export function agenciesOf(item: Item, siteAgencies: readonly string[]): string[] {
  return item.authors.map((a) => a.name).filter((name) => listed(name, siteAgencies));
}

/** What a partner's policy makes of one author: taken, denied (`deny_agencies`), or an agency not among its `agencies`. */
const TAKEN = 0;
const DENIED = 1;
const NOT_TAKEN = 2;
type Verdict = typeof TAKEN | typeof DENIED | typeof NOT_TAKEN;

function authorVerdict(name: string, policy: PartnerConfig['policy'], siteAgencies: readonly string[]): Verdict {
  if (listed(name, policy.deny_agencies)) return DENIED;
  if (policy.agencies && listed(name, siteAgencies) && !listed(name, policy.agencies)) return NOT_TAKEN;
  return TAKEN;
}

/**
 * The partner's policy on the story, by who wrote it. Any author in `deny_agencies` refuses it.
 * With `agencies` given, every agency among the authors must be on that list; authors that are
 * not agencies (our own staff) never need clearing.
 */
export function policyAllows(item: Item, partner: PartnerConfig, siteAgencies: readonly string[]): Decision {
  return policyDecision(item, (name) => authorVerdict(name, partner.policy, siteAgencies));
}

function policyDecision(item: Item, verdict: (name: string) => Verdict): Decision {
  const denied = item.authors.find((a) => verdict(a.name) === DENIED);
  if (denied) return refused(`its policy denies stories by ${denied.name}`);
  const other = item.authors.find((a) => verdict(a.name) === NOT_TAKEN);
  if (other) return refused(`its policy does not take stories by ${other.name}`);
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
  // The plain rule, without PartnerRights' memos: test/select/judged.test.ts holds the class to it.
  const own = item.image;
  const out: string[] = [];
  // The photo's renditions are the photo: its credit clears or refuses them all.
  if (own && !photoCleared(own.credit, partner).cleared) out.push(own.url, ...(own.renditions ?? []).map((r) => r.url));
  if (!photoCleared(undefined, partner).cleared) for (const url of bodyImages) if (!isOwn(own, url)) out.push(url);
  return out;
}

const isOwn = (own: PhotoRights | undefined, url: string): boolean => !!own && (own.url === url || (own.renditions?.some((r) => r.url === url) ?? false));

/**
 * One partner's rights for one run: the decisions above, each author's name and each photo
 * credit judged once however many items carry it (an archive's 20,000 items have a few
 * hundred distinct credits). Methods, not closures: one call target for every partner, so
 * the loop that asks them all stays optimized. The config must not change while it is in use.
 */
export class PartnerRights {
  readonly #verdicts = new Map<string, Verdict>();
  readonly #credits = new Map<string, boolean>();
  readonly #uncredited: boolean;
  readonly #name: string;

  constructor(
    readonly partner: PartnerConfig,
    private readonly siteAgencies: readonly string[],
  ) {
    this.#name = partner.name;
    this.#uncredited = photoCleared(undefined, partner).cleared;
  }

  #verdict(name: string): Verdict {
    let v = this.#verdicts.get(name);
    if (v === undefined) this.#verdicts.set(name, (v = authorVerdict(name, this.partner.policy, this.siteAgencies)));
    return v;
  }

  /** photoCleared(credit, partner).cleared. */
  photoCleared(credit: string | undefined): boolean {
    if (credit === undefined) return this.#uncredited;
    let ok = this.#credits.get(credit);
    if (ok === undefined) this.#credits.set(credit, (ok = photoCleared(credit, this.partner).cleared));
    return ok;
  }

  /** storyCleared(item, partner, siteAgencies). */
  story(item: Item): Decision {
    const own = itemAllows(item, this.#name);
    return own.cleared ? policyDecision(item, (name) => this.#verdict(name)) : own;
  }

  /** storyCleared(…).cleared, without making its reason. */
  clears(item: Item): boolean {
    if (!this.takesFromItem(item)) return false;
    for (const a of item.authors) if (!this.takesAuthor(a.name)) return false;
    return true;
  }

  /** The item's own `syndication.partners` lets it go to this partner. */
  takesFromItem(item: Item): boolean {
    return itemTakes(item, this.#name);
  }

  /** The policy lets a story by this author through (storyCleared refuses a story with any author it does not). */
  takesAuthor(name: string): boolean {
    return this.#verdict(name) === TAKEN;
  }

  /** No photo and no picture is ever withheld from this partner (every credit and none clear): withhold() adds nothing. */
  get withholdsNothing(): boolean {
    return this.#uncredited && this.partner.policy.deny_photo_credits.length === 0;
  }

  /** withheldImages(…), added to `into`. */
  withhold(own: PhotoRights | undefined, bodyImages: readonly string[], into: Set<string>): void {
    if (own && !this.photoCleared(own.credit)) {
      into.add(own.url);
      if (own.renditions) for (const r of own.renditions) into.add(r.url);
    }
    if (bodyImages.length === 0 || this.#uncredited) return;
    for (const url of bodyImages) if (!isOwn(own, url)) into.add(url);
  }
}
