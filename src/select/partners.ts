// One FeedView per partner: the items it may receive, with the photos it may not receive withheld.
import { byUpdated, newest, type Catalog } from '../catalog.js';
import type { Config, PartnerConfig } from '../config/schema.js';
import { bodyImageUrls } from '../items/body.js';
import { feedDocuments, feedUrl, itemsFor, makeView, newestUpdate, type ViewSpec } from './index.js';
import { FORMATS } from '../config/constants.js';
import type { FeedView, Format, Item } from '../types.js';
import { fitBudget, judgeItems, profileOf, takedownItem, type Judged, type Profile } from '../profiles/index.js';
import { renderView } from '../render/index.js';
import { tokenDir, type PartnerAccess } from '../partners/access.js';
import type { PhotoRights } from '../rights.js';
import { judgeList, NONE, PartnerRun, type Judgement } from './judge.js';

/** What a profile's checks need from the run: its time (age limits) and whether --strict leaves failing items out. */
export interface ProfileRun {
  now: number;
  strict: boolean;
}


/**
 * Where a partner's ninjs documents live, relative to out/, given its folder: the index,
 * its archive pages, and the item documents. The one place that decides it.
 */
export function ninjsLayout(root: string): { index: (archiveKey?: string) => string; items: string } {
  return {
    index: (key) => (key === undefined ? `${root}/ninjs/index.json` : `${root}/ninjs/archive/${key}.json`),
    items: `${root}/ninjs`,
  };
}

/** The partner's ninjs on each of its documents: index pages linked as the feeds' archives are. */
function withNinjs(config: Config, partner: PartnerConfig, root: string, views: FeedView[]): FeedView[] {
  if (!partner.formats?.includes('ninjs')) return views;
  const layout = ninjsLayout(root);
  const archivePrefix = `${root}/archive/`;
  const keyOf = (v: FeedView) => (v.dir.startsWith(archivePrefix) ? v.dir.slice(archivePrefix.length) : undefined);
  const urlOf = (v: FeedView | undefined) => (v ? feedUrl(config, layout.index(keyOf(v))) : undefined);
  const byUrl = new Map(views.map((v) => [v.links.self.json, v]));
  const items = { dir: layout.items, url: `${feedUrl(config, layout.items)}/` };
  return views.map((v) => ({
    ...v,
    ninjs: {
      version: partner.ninjs_version ?? '2.2',
      index: layout.index(keyOf(v)),
      links: {
        self: urlOf(v)!,
        ...(v.links.current ? { current: urlOf(views[0]) } : {}),
        ...(v.links.prevArchive ? { prevArchive: urlOf(byUrl.get(v.links.prevArchive.json)) } : {}),
        ...(v.links.nextArchive ? { nextArchive: urlOf(byUrl.get(v.links.nextArchive.json)) } : {}),
      },
      items,
    },
  }));
}

/**
 * What a partner's photo rights look at in an item: its own photo's URL and credit, and the
 * pictures in its body (asked for only when the body goes out). The parse cache answers from
 * its index, so judging an archive does not read every item's body again.
 */
export interface PhotoFacts {
  image: (item: Item) => PhotoRights | undefined;
  bodyImages: (item: Item) => readonly string[];
}

// One body is looked at once, however many partners take it.
const bodyImagesOf = new WeakMap<Item, string[]>();
export const itemPhotoFacts: PhotoFacts = {
  image: (item) => item.image,
  bodyImages(item) {
    let urls = bodyImagesOf.get(item);
    if (!urls) bodyImagesOf.set(item, (urls = item.body ? bodyImageUrls(item.body, item.url) : []));
    return urls;
  },
};

/** The items partner P receives, newest first: its subjects, cleared by the item and by P's policy. */
export function partnerItems(items: readonly Item[], partner: PartnerConfig, config: Config): Item[] {
  return new PartnerRun(partner, config).items(items);
}

/**
 * A profiled partner's items, judged by its profile newest first (by updated, as its feed is
 * ordered): enough are looked at to fill `max` when --strict leaves some out.
 */
function judged(cleared: readonly Item[], profile: Profile, partner: PartnerConfig, max: number, run: ProfileRun): Judged {
  const ctx = { now: run.now, fullText: partner.full_text };
  let ranked = newest(cleared, max * 2, byUpdated);
  let result = judgeItems(ranked, profile, ctx, max, run.strict);
  if (result.items.length < max && ranked.length < cleared.length) {
    ranked = newest(cleared, cleared.length, byUpdated);
    result = judgeItems(ranked, profile, ctx, max, run.strict);
  }
  return result;
}

/** The clock a run without one judges age limits by: the catalog's newest change (deterministic). */
const runOf = (cat: Catalog, run: ProfileRun | undefined): ProfileRun => run ?? { now: newestUpdate(cat.pool, 0), strict: false };

/** Every profiled partner's findings, for the check's warnings (build.ts), in config order. */
export function profileFindings(cat: Catalog, config: Config, run: ProfileRun, limit = config.feed.limit): { partner: PartnerConfig; profile: Profile; judged: Judged }[] {
  return config.partners.flatMap((partner) => {
    const profile = profileOf(partner);
    if (!profile) return [];
    return [{ partner, profile, judged: judged(partnerItems(cat.pool, partner, config), profile, partner, partner.limit ?? limit, run) }];
  });
}

/**
 * The partners' judgements, in one pass over each list of items, item by item and every
 * partner in turn: an archive of 20,000 items is walked once for all partners (each item's
 * photo looked up once for all of them), not once per partner and question.
 */
function judgeAll(cat: Catalog, config: Config, partners: readonly PartnerConfig[], limit: number, run: ProfileRun | undefined, facts: PhotoFacts): Judgement[] {
  const all = partners.map((partner): Judgement => {
    const profile = profileOf(partner);
    // A platform reads the subscription document only: a profiled partner has no archive pages.
    const archive = !profile && config.archive.enabled && config.archive.partners;
    return { partner, run: new PartnerRun(partner, config), profile, archive, cleared: [], blocked: new Set() };
  });
  // Without archives the order does not matter here: makeView picks the newest `max`.
  // By the latest change: a corrected story comes back to the top of the partner's document.
  const lists = new Map<Item[], Judgement[]>();
  for (const j of all) {
    const list = itemsFor(cat, j.archive, byUpdated);
    lists.set(list, [...(lists.get(list) ?? []), j]);
  }
  for (const [list, judgements] of lists) judgeList(list, judgements, facts);
  for (const j of all) {
    if (j.archive) continue;
    const max = j.partner.limit ?? limit;
    if (j.profile) j.cleared = judged(j.cleared, j.profile, j.partner, max, runOf(cat, run)).items;
    if (j.run.rights.withholdsNothing) continue;
    for (const item of newest(j.cleared, max, byUpdated)) j.run.rights.withhold(facts.image(item), j.partner.full_text ? facts.bodyImages(item) : NONE, j.blocked);
  }
  return all;
}

/** What every document of the partner's is made from, the profile's takedowns already in (both callers need them). */
function partnerSpec(cat: Catalog, config: Config, j: Judgement, limit: number, dir: string): ViewSpec {
  const { partner, profile } = j;
  const site = config.site;
  return withTakedowns({
    dir,
    title: partner.title ?? `${site.title} for ${partner.name}`,
    description: `The stories ${site.title} syndicates to ${partner.title ?? partner.name}, with its rights policy applied${
      partner.full_text ? '' : ' (summaries only)'
    }.`,
    // ninjs is not a feed format: its documents are added beside the feeds (withNinjs).
    formats: partner.formats ? partner.formats.filter((f): f is Format => (FORMATS as readonly string[]).includes(f)) : config.feed.formats,
    items: j.cleared,
    limit: partner.limit ?? limit,
    fullText: partner.full_text,
    blockedImages: [...j.blocked].sort(),
    archive: j.archive,
    order: byUpdated,
    // The kills of stories it received (or would have): judged as if they were live.
    killed: cat.killed.filter((k) => j.run.takes(k.item)),
  }, profile);
}

/**
 * Each document's share of the partner's withheld photos (`blocked`: the spec's, sorted):
 * those its own items show. A URL is withheld wherever it appears once any item's rights
 * withhold it; a document names only the ones it could show, so a new story's photo does not
 * change (and re-render) every archive page. All of a partner's documents in one call (one
 * loop to warm up); each share is sorted by its place in the spec's list, not by comparing URLs.
 */
function ownBlocked(views: readonly FeedView[], facts: PhotoFacts, blocked: readonly string[]): FeedView[] {
  if (blocked.length === 0) return [...views];
  const rank = new Map<string, number>();
  for (let r = 0; r < blocked.length; r++) rank.set(blocked[r]!, r);
  return views.map((view) => {
    const hits: number[] = [];
    const see = (url: string) => {
      const r = rank.get(url);
      if (r !== undefined) hits.push(r);
    };
    for (const item of view.items) {
      const own = facts.image(item);
      if (own) {
        see(own.url);
        if (own.renditions) for (const r of own.renditions) see(r.url);
      }
      if (view.fullText) for (const url of facts.bodyImages(item)) see(url);
    }
    const order = Int32Array.from(hits).sort();
    const mine: string[] = [];
    for (let k = 0; k < order.length; k++) if (k === 0 || order[k] !== order[k - 1]) mine.push(blocked[order[k]!]!);
    return { ...view, blockedImages: mine };
  });
}

/**
 * The profile's share of a partner's spec and view: MSN's takedown (the killed story kept, with
 * an expiry in the past) in place of tombstones; then the platform's identity and size budget.
 */
function withTakedowns(spec: ViewSpec, profile: Profile | undefined): ViewSpec {
  if (profile?.takedown !== 'expiry' || !spec.killed?.length) return spec;
  return { ...spec, items: [...spec.killed.map(takedownItem), ...spec.items], killed: [] };
}

function profiled(view: FeedView, partner: PartnerConfig, config: Config): FeedView {
  const profile = profileOf(partner);
  if (!profile) return view;
  const v: FeedView = { ...view, profile: { name: profile.name, identity: partner.identity ?? {} } };
  // Measured as the partner's files are rendered (build.ts: partners are always sanitized).
  return fitBudget(v, profile, (doc) => renderView(doc, { sanitize: true, allowDataImages: config.html.allow_data_images }));
}

// A public hub would learn a partner's private URL from the ping: partner documents name none.
const privateConfig = (config: Config): Config => ({ ...config, hub: undefined });

function partnerDocuments(config: Config, partner: PartnerConfig, spec: ViewSpec, facts: PhotoFacts, updated: number): FeedView[] {
  // The profile's cut first: the ninjs documents follow what the feed ships.
  const docs = ownBlocked(feedDocuments(privateConfig(config), spec, updated), facts, spec.blockedImages ?? []).map((v) => profiled(v, partner, config));
  return withNinjs(config, partner, spec.dir, docs);
}

/** A partner's subscription document in `dir` (selectPartners adds its archive pages). */
export function selectPartner(
  cat: Catalog,
  config: Config,
  partner: PartnerConfig,
  dir: string,
  limit = config.feed.limit,
  run?: ProfileRun,
  facts = itemPhotoFacts,
): FeedView {
  const j = judgeAll(cat, config, [partner], limit, run, facts)[0]!;
  const spec = partnerSpec(cat, config, j, limit, dir);
  const view = makeView(privateConfig(config), spec, newestUpdate(cat.pool, 0));
  return withNinjs(config, partner, spec.dir, [profiled(ownBlocked([view], facts, spec.blockedImages ?? [])[0]!, partner, config)])[0]!;
}

/**
 * Every configured partner's documents, in config order, each under partners/<its token>/.
 * A partner without a secret (no token in `access`) gets none: its feeds are not written.
 */
export function selectPartners(
  cat: Catalog,
  config: Config,
  access: PartnerAccess | undefined,
  limit = config.feed.limit,
  run?: ProfileRun,
  facts = itemPhotoFacts,
): FeedView[] {
  const served = config.partners.filter((p) => access?.tokens.get(p.name));
  const updated = newestUpdate(cat.pool, 0);
  return judgeAll(cat, config, served, limit, run, facts).flatMap((j) =>
    partnerDocuments(config, j.partner, partnerSpec(cat, config, j, limit, tokenDir(access!.tokens.get(j.partner.name)!)), facts, updated),
  );
}
