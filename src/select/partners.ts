// One FeedView per partner: the items it may receive, with the photos it may not receive withheld.
import { byUpdated, newest, type Catalog } from '../catalog.js';
import type { Config, PartnerConfig } from '../config/schema.js';
import { bodyImageUrls } from '../items/body.js';
import { storyCleared, withheldImages } from '../rights.js';
import { feedDocuments, feedUrl, itemsFor, makeView, newestUpdate, type ViewSpec } from './index.js';
import { slugify } from '../slug.js';
import { FORMATS } from '../config/schema.js';
import type { FeedView, Format, Item } from '../types.js';

export const partnerDir = (name: string) => `partners/${name}`;

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
  image: (item: Item) => { url: string; credit?: string } | undefined;
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

/** The tags filter: a partner without `tags` takes every subject. Tags match by slug, as tag feeds do. */
function takesSubject(item: Item, partner: PartnerConfig): boolean {
  if (!partner.tags) return true;
  const wanted = new Set(partner.tags.map(slugify));
  return item.tags.some((t) => wanted.has(slugify(t)));
}

/** The items partner P receives, newest first: its subjects, cleared by the item and by P's policy. */
export function partnerItems(items: readonly Item[], partner: PartnerConfig, config: Config): Item[] {
  return items.filter((i) => takesSubject(i, partner) && storyCleared(i, partner, config.site.agencies).cleared);
}

function partnerSpec(cat: Catalog, config: Config, partner: PartnerConfig, limit: number, facts: PhotoFacts): ViewSpec {
  const max = partner.limit ?? limit;
  const archive = config.archive.enabled && config.archive.partners;
  // Without archives the order does not matter here: makeView picks the newest `max`.
  // By the latest change: a corrected story comes back to the top of the partner's document.
  const cleared = partnerItems(itemsFor(cat, archive, byUpdated), partner, config);
  const blocked = new Set<string>();
  // Archive pages share this list with the subscription document: with archives, judge every item.
  for (const item of archive ? cleared : newest(cleared, max, byUpdated)) {
    // Pictures in the body only matter when the body goes out.
    const inBody = partner.full_text ? facts.bodyImages(item) : [];
    for (const url of withheldImages({ image: facts.image(item) }, partner, inBody)) blocked.add(url);
  }
  const site = config.site;
  return {
    dir: partnerDir(partner.name),
    title: partner.title ?? `${site.title} for ${partner.name}`,
    description: `The stories ${site.title} syndicates to ${partner.title ?? partner.name}, with its rights policy applied${
      partner.full_text ? '' : ' (summaries only)'
    }.`,
    // ninjs is not a feed format: its documents are added beside the feeds (withNinjs).
    formats: partner.formats ? partner.formats.filter((f): f is Format => (FORMATS as readonly string[]).includes(f)) : config.feed.formats,
    items: cleared,
    limit: max,
    fullText: partner.full_text,
    blockedImages: [...blocked].sort(),
    archive,
    order: byUpdated,
    // The kills of stories it received (or would have): judged as if they were live.
    killed: cat.killed.filter((k) => takesSubject(k.item, partner) && storyCleared(k.item, partner, config.site.agencies).cleared),
  };
}

/**
 * A document's share of the partner's withheld photos: those its own items show. A URL is
 * withheld wherever it appears once any item's rights withhold it; a document names only the
 * ones it could show, so a new story's photo does not change (and re-render) every archive page.
 */
function ownBlocked(view: FeedView, facts: PhotoFacts): FeedView {
  if (view.blockedImages.length === 0) return view;
  const shown = new Set<string>();
  for (const item of view.items) {
    const own = facts.image(item)?.url;
    if (own !== undefined) shown.add(own);
    if (view.fullText) for (const url of facts.bodyImages(item)) shown.add(url);
  }
  return { ...view, blockedImages: view.blockedImages.filter((url) => shown.has(url)) };
}

/** A partner's subscription document (selectPartners adds its archive pages). */
export function selectPartner(cat: Catalog, config: Config, partner: PartnerConfig, limit = config.feed.limit, facts = itemPhotoFacts): FeedView {
  const spec = partnerSpec(cat, config, partner, limit, facts);
  return withNinjs(config, partner, spec.dir, [ownBlocked(makeView(config, spec, newestUpdate(cat.pool, 0)), facts)])[0]!;
}

/** Every configured partner's view, in config order. */
export function selectPartners(cat: Catalog, config: Config, limit = config.feed.limit, facts = itemPhotoFacts): FeedView[] {
  return config.partners.flatMap((p) => {
    const spec = partnerSpec(cat, config, p, limit, facts);
    const docs = feedDocuments(config, spec, newestUpdate(cat.pool, 0)).map((v) => ownBlocked(v, facts));
    return withNinjs(config, p, spec.dir, docs);
  });
}
