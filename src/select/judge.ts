// Judging partners' rights over a run's items: every partner at once, each author, tag and
// credit once per run (src/rights.ts decides; this module only asks as seldom as it can).
// Held to the plain rules, item by item, by test/select/judged.test.ts.
import type { Config, PartnerConfig } from '../config/schema.js';
import type { Profile } from '../profiles/index.js';
import { PartnerRights, type PhotoRights } from '../rights.js';
import { slugify } from '../slug.js';
import type { Item } from '../types.js';
import type { PhotoFacts } from './partners.js';

export const NONE: readonly string[] = [];

/**
 * What one run asks of a partner, made once: whether it takes an item (its subjects, the
 * item's own wish, its policy), with each tag, author and credit judged once, not per item.
 */
export class PartnerRun {
  readonly rights: PartnerRights;
  /** The tags filter: a partner without `tags` takes every subject. Tags match by slug, as tag feeds do. */
  readonly #wanted: Set<string> | undefined;
  readonly #subjects = new Map<string, boolean>();

  constructor(partner: PartnerConfig, config: Config) {
    this.rights = new PartnerRights(partner, config.site.agencies);
    this.#wanted = partner.tags ? new Set(partner.tags.map(slugify)) : undefined;
  }

  get tagged(): boolean {
    return this.#wanted !== undefined;
  }

  /** Of a partner with `tags`: whether this tag is one of them. Each tag's text is judged once per run. */
  takesTag(tag: string): boolean {
    let ok = this.#subjects.get(tag);
    if (ok === undefined) this.#subjects.set(tag, (ok = this.#wanted!.has(slugify(tag))));
    return ok;
  }

  #takesSubject(item: Item): boolean {
    if (!this.#wanted) return true;
    for (const t of item.tags) if (this.takesTag(t)) return true;
    return false;
  }

  takes(item: Item): boolean {
    return this.#takesSubject(item) && this.rights.clears(item);
  }

  items(items: readonly Item[]): Item[] {
    const out: Item[] = [];
    for (const i of items) if (this.takes(i)) out.push(i);
    return out;
  }
}

/**
 * Up to 30 partners' PartnerRun.takes at once, as a bit per partner: each item's syndication,
 * authors and tags are looked at once for all of them, each distinct author and tag judged
 * once per run for all of them. (At 20,000 items, asking partner by partner was most of the
 * selection's time.)
 */
class PartnerGroup {
  static readonly MAX = 30;
  readonly #runs: readonly PartnerRun[];
  readonly #all: number;
  /** The partners without `tags`: they take every subject. */
  readonly #untagged: number;
  readonly #authors = new Map<string, number>();
  readonly #tags = new Map<string, number>();

  constructor(runs: readonly PartnerRun[]) {
    this.#runs = runs;
    this.#all = runs.length === 0 ? 0 : 2 ** runs.length - 1;
    this.#untagged = runs.reduce((m, r, k) => (r.tagged ? m : m | (1 << k)), 0);
  }

  #bits(test: (run: PartnerRun) => boolean): number {
    let m = 0;
    for (let k = 0; k < this.#runs.length; k++) if (test(this.#runs[k]!)) m |= 1 << k;
    return m;
  }

  #author(name: string): number {
    let m = this.#authors.get(name);
    if (m === undefined) this.#authors.set(name, (m = this.#bits((r) => r.rights.takesAuthor(name))));
    return m;
  }

  #tag(tag: string): number {
    let m = this.#tags.get(tag);
    if (m === undefined) this.#tags.set(tag, (m = this.#bits((r) => r.tagged && r.takesTag(tag))));
    return m;
  }

  /** Bit k set: partner k takes the item. */
  takers(item: Item): number {
    const p = item.syndication.partners;
    let m = p === 'all' ? this.#all : p === 'none' ? 0 : this.#bits((r) => r.rights.takesFromItem(item));
    if (m === 0) return 0;
    if (this.#untagged !== this.#all) {
      let subjects = this.#untagged;
      for (const t of item.tags) subjects |= this.#tag(t);
      m &= subjects;
      if (m === 0) return 0;
    }
    for (const a of item.authors) m &= this.#author(a.name);
    return m;
  }
}

/** One run's judging of a partner: the items it takes (newest change first) and the photos withheld from it. */
export interface Judgement {
  partner: PartnerConfig;
  run: PartnerRun;
  profile: Profile | undefined;
  /** Keeps archive pages: every item it takes is judged for its photos. */
  archive: boolean;
  cleared: Item[];
  blocked: Set<string>;
}

/**
 * One pass over `list` for the partners of `judgements` that read it: the items each takes,
 * and (with archives) the photos withheld from it, added to each judgement. Item by item and
 * every partner in turn: an archive of 20,000 items is walked once for all partners, each
 * item's photo looked up once for all of them.
 */
export function judgeList(list: readonly Item[], judgements: readonly Judgement[], facts: PhotoFacts): void {
  for (let from = 0; from < judgements.length; from += PartnerGroup.MAX) judgeGroup(list, judgements.slice(from, from + PartnerGroup.MAX), facts);
}

function judgeGroup(list: readonly Item[], js: readonly Judgement[], facts: PhotoFacts): void {
  const group = new PartnerGroup(js.map((j) => j.run));
  for (const item of list) {
    const takers = group.takers(item);
    if (takers === 0) continue;
    let image: PhotoRights | undefined | null = null;
    for (let k = 0; k < js.length; k++) {
      if ((takers & (1 << k)) === 0) continue;
      const j = js[k]!;
      j.cleared.push(item);
      // Archive pages share the list of withheld photos with the subscription document: with archives, judge every item.
      if (!j.archive || j.run.rights.withholdsNothing) continue;
      if (image === null) image = facts.image(item);
      // Pictures in the body only matter when the body goes out.
      j.run.rights.withhold(image ?? undefined, j.partner.full_text ? facts.bodyImages(item) : NONE, j.blocked);
    }
  }
}
