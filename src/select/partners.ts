// One FeedView per partner: the items it may receive, with the photos it may not receive withheld.
import { byUpdated, newest, type Catalog } from '../catalog.js';
import type { Config, PartnerConfig } from '../config/schema.js';
import { bodyImageUrls } from '../items/body.js';
import { storyCleared, withheldImages } from '../rights.js';
import { feedDocuments, feedUrl, itemsFor, makeView, newestUpdate, type ViewSpec } from './index.js';
import { slugify } from '../slug.js';
import { FORMATS } from '../config/schema.js';
import type { FeedView, Format, Item } from '../types.js';
import { tokenDir, type PartnerAccess } from '../partners/access.js';

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

// One body is looked at once, however many partners take it.
const bodyImagesOf = new WeakMap<Item, string[]>();
function bodyImages(item: Item): string[] {
  let urls = bodyImagesOf.get(item);
  if (!urls) bodyImagesOf.set(item, (urls = item.body ? bodyImageUrls(item.body, item.url) : []));
  return urls;
}

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

function partnerSpec(cat: Catalog, config: Config, partner: PartnerConfig, limit: number, dir: string): ViewSpec {
  const max = partner.limit ?? limit;
  const archive = config.archive.enabled && config.archive.partners;
  // Without archives the order does not matter here: makeView picks the newest `max`.
  // By the latest change: a corrected story comes back to the top of the partner's document.
  const cleared = partnerItems(itemsFor(cat, archive, byUpdated), partner, config);
  const blocked = new Set<string>();
  // Archive pages share this list with the subscription document: with archives, judge every item.
  for (const item of archive ? cleared : newest(cleared, max, byUpdated)) {
    // Pictures in the body only matter when the body goes out.
    const inBody = partner.full_text ? bodyImages(item) : [];
    for (const url of withheldImages(item, partner, inBody)) blocked.add(url);
  }
  const site = config.site;
  return {
    dir,
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

// A public hub would learn a partner's private URL from the ping: partner documents name none.
const privateConfig = (config: Config): Config => ({ ...config, hub: undefined });

/** A partner's subscription document in `dir` (selectPartners adds its archive pages). */
export function selectPartner(cat: Catalog, config: Config, partner: PartnerConfig, dir: string, limit = config.feed.limit): FeedView {
  const spec = partnerSpec(cat, config, partner, limit, dir);
  return withNinjs(config, partner, spec.dir, [makeView(privateConfig(config), spec, newestUpdate(cat.pool, 0))])[0]!;
}

/**
 * Every configured partner's documents, in config order, each under partners/<its token>/.
 * A partner without a secret (no token in `access`) gets none: its feeds are not written.
 */
export function selectPartners(cat: Catalog, config: Config, access: PartnerAccess | undefined, limit = config.feed.limit): FeedView[] {
  return config.partners.flatMap((p) => {
    const token = access?.tokens.get(p.name);
    if (!token) return [];
    const spec = partnerSpec(cat, config, p, limit, tokenDir(token));
    return withNinjs(config, p, spec.dir, feedDocuments(privateConfig(config), spec, newestUpdate(cat.pool, 0)));
  });
}
