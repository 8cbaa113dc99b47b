// The whole run as a library call: load → catalog → select → render → publish.
// The clock is an input (`now`); nothing here reads it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BuildCache } from './cache/index.js';
import { parallelParser } from './cache/parallel.js';
import { BodiesAhead } from './render/bodies.js';
import { digest } from './cache/store.js';
import { catalog, DAY_MS, duplicateProblem, idField, type Catalog } from './catalog.js';
import { loadConfigCached } from './config/cached.js';
import type { Config } from './config/schema.js';
import { ItemChangedError } from './cache/head.js';
import { loadItems, ItemsFolderError, type ItemFile, type LoadResult } from './items/load.js';
import { NotRegularError } from './publish/guard.js';
import type { Lock } from './publish/lock.js';
import type { OutSurvey } from './publish/survey.js';
import { emptyFolderRefusal, judgeDrop, readPublishedFeed, type Refusal } from './publish/safety.js';
import { describeFailedPings, pingHub, type PingOptions, type PingResult } from './publish/websub.js';
import { Publication, PublishError, removeStaleArchives, type PublishReport } from './publish/write.js';
import { underLock } from './locked.js';
import { quickKey } from './cache/quick.js';
import { EntryMemo, filePath, periodOf, periodOrder, renderView, renderViewBytes, viewPaths, type RenderOptions } from './render/index.js';
import { feedUrl, selectViews } from './select/index.js';
import { renderDiscovery } from './discovery/index.js';
import { itemPhotoFacts, profileFindings, selectPartners, type PhotoFacts, type ProfileRun } from './select/partners.js';
import { feedNotes, profileOf } from './profiles/index.js';
import { lintItems, lintProblems, type LintFinding } from './lint.js';
import { keptTokens, PRIVATE_ROOT, tokenDir, type PartnerAccess } from './partners/access.js';
import { prunePrivate } from './publish/prune.js';
import type { FeedView, Item, Problem, RenderedFeed } from './types.js';
import { emptyResult as empty } from './result.js';

export interface BuildOptions {
  /** Path of wirefeed.config.yaml (ignored when `config` is given). */
  configFile?: string;
  config?: Config;
  itemsDir: string;
  outDir: string;
  /** epoch ms: embargoes, expiry and future-dated items are judged against it. */
  now: number;
  /** Overrides the config's feed.limit. */
  limit?: number;
  /** Any skipped item or any warning (the attribution lint's): write nothing (exit 65). */
  strict?: boolean;
  /** false: validate and render, write nothing (`wirefeed check`). */
  write?: boolean;
  /** Publish even when the safety valve would refuse (empty items folder, too many items gone). */
  force?: boolean;
  /** Told as each stage starts, for a progress line on a terminal. */
  onStage?: (stage: BuildStage, detail?: string) => void;
  /** WebSub pings to the config's hub after feeds changed: timeout and retries, or false for none. */
  ping?: PingOptions | false;
  /**
   * The parse cache's folder (see src/cache/): a run then parses only changed items, renders
   * only documents whose inputs changed, and a run where nothing changed writes nothing.
   * Absent: no cache (every run does everything).
   */
  cacheDir?: string;
  /**
   * Internal, for the CLI's quick check (quick.ts): out/'s lock it holds, and the items
   * folder's listing and out/'s survey it took under it. build() goes on under that lock (and
   * releases it), so a run with changes neither lists the folder nor surveys out/ twice.
   */
  handover?: { lock: Lock; listing: { files: ItemFile[]; problems: Problem[] }; survey?: () => Promise<OutSurvey> };
  /** Items parsed so far in a run that parses (a cold run: thousands). For a progress bar; called often. */
  onParsed?: (done: number, total: number) => void;
  /**
   * Bodies rendered ahead on other threads (render/bodies.ts): from how many bodies shown a run
   * starts them (2,000) and how many (the cores but one, at most 3); `settle`: each file waits
   * for every body asked for so far (for tests: which bodies come from the threads is then fixed).
   */
  renderAhead?: { from?: number; threads?: number; settle?: boolean };
  /** How many bodies the threads rendered ahead and the run kept, once it has rendered. */
  onRenderedAhead?: (bodies: number) => void;
  /**
   * Each partner's token (from the secrets file, see partners/): its documents go under
   * partners/<token>/. A partner without one gets no feed (one warning names it). Absent:
   * no partner feed and no private page at all.
   */
  access?: PartnerAccess;
  /** How the warnings name the secrets file (its path, or how to give one). */
  secretsHint?: string;
}

export type BuildStage = 'read' | 'render' | 'write';
export const BUILD_STAGES: readonly BuildStage[] = ['read', 'render', 'write'];

export interface BuildResult {
  /**
   * sysexits: 0 done, 1 built with items skipped, 65 strict and items skipped, 66 items folder
   * missing, unreadable or empty, or too many items gone (safety valve), 73 cannot write,
   * 75 another run holds the lock or an item changed mid-run, 78 bad config. Every code but 0 and 1 wrote nothing.
   */
  exitCode: number;
  problems: Problem[];
  /** A fatal message (bad config, no items folder, a failed write). */
  fatal?: string;
  counts: { files: number; items: number; skipped: number; held: number; withdrawn: number; expired: number };
  views: FeedView[];
  /**
   * The files rendered. A dry run (write: false) keeps each with its body; a run that writes
   * stages each document as it is made and keeps its path and content type only (body ''),
   * so an archive's hundreds of megabytes are never in memory at once.
   */
  rendered: RenderedFeed[];
  report: PublishReport;
  /** The safety valve's refusal (exit 66), with what would have been lost. */
  refusal?: Refusal;
  /** Things an operator should know that did not stop the run (a stale lock taken over, a hub that did not answer). */
  warnings: string[];
  /** WebSub: one per feed document written, when the config names a hub. */
  pings: PingResult[];
  /** Items not out yet (future `published` or an embargo), soonest first: filled by `check`. */
  held: HeldItem[];
}

export interface HeldItem {
  file: string;
  id: string;
  /** epoch ms of the first run that publishes it. */
  until: number;
  /** What holds it: its `published` time or its `syndication.embargo`. */
  by: 'published' | 'embargo';
}

/** When each held item appears: the later of its `published` and its embargo. */
export function heldItems(items: readonly Item[]): HeldItem[] {
  return items
    .map((i): HeldItem => {
      const embargo = i.syndication.embargo;
      const byEmbargo = embargo !== undefined && embargo > i.published;
      return { file: i.file, id: i.id, until: byEmbargo ? embargo : i.published, by: byEmbargo ? 'embargo' : 'published' };
    })
    .sort((a, b) => a.until - b.until || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}


/**
 * The URLs of the feed documents a run wrote, and of partners' ninjs indexes (not the OPML, the
 * HTML page or a ninjs item document, which its index announces): the WebSub topics.
 */
export function changedTopics(config: Config, views: readonly FeedView[], written: readonly string[]): string[] {
  // A partner's URL is a capability: never told to a hub (its ninjs index neither).
  const feeds = new Set(
    views.filter((v) => !isPrivate(v.dir)).flatMap((v) => [...v.formats.map((f) => filePath(v.dir, f)), ...(v.ninjs ? [v.ninjs.index] : [])]),
  );
  return written.filter((p) => feeds.has(p)).map((p) => feedUrl(config, p));
}

const isPrivate = (dir: string) => dir === PRIVATE_ROOT || dir.startsWith(`${PRIVATE_ROOT}/`);

/** One warning for the partners that get no feed because they have no secret, naming each and the command that fixes it. */
export function missingSecretWarning(config: Config, access: PartnerAccess | undefined, secretsHint = '--secrets FILE'): string | undefined {
  const missing = config.partners.map((p) => p.name).filter((n) => !access?.tokens.has(n));
  if (missing.length === 0) return undefined;
  const names = missing.map((n) => `"${n}"`).join(', ');
  if (!access)
    return `no secrets file (--secrets FILE or WIREFEED_SECRETS): partner feeds not written for ${names}; see docs/partners-operator.md`;
  const cmd = missing.map((n) => `wirefeed partners add ${n} ${secretsHint}`).join('; ');
  return `no secret for partner${missing.length === 1 ? '' : 's'} ${names}: ${missing.length === 1 ? 'its' : 'their'} feeds are not written; run \`${cmd}\``;
}

/** After the lock is released (a slow hub must not hold up the next run): ping, and only report failures. */
async function pingChanged(config: Config, result: BuildResult, options: BuildOptions): Promise<BuildResult> {
  const topics = changedTopics(config, result.views, result.report.written);
  if (!config.hub || options.ping === false || topics.length === 0) return result;
  result.pings = await pingHub(config.hub, topics, options.ping);
  const failed = describeFailedPings(config.hub, result.pings);
  if (failed) result.warnings.push(failed);
  return result;
}

/** The attribution lint's warnings with their lines: only the files that have one are read again. */
async function attributionWarnings(items: readonly Item[], config: Config, cache?: BuildCache): Promise<Problem[]> {
  const findings = lintItems(items, config, cache && ((all, one) => cache.lint(all, one)));
  return lintProblems(findings, await readTexts(findings));
}

/** Reads the files that have findings, for their lines; a file gone since it was loaded gets none. */
async function readTexts(findings: readonly { file: string }[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const file of new Set(findings.map((f) => f.file))) {
    try {
      texts.set(file, await readFile(file, 'utf8'));
    } catch {
      // The warning still names the file and field, without a line.
    }
  }
  return texts;
}

/**
 * Each profiled partner's findings on the items it receives (src/profiles/), as problems that
 * name the partner. Warnings; with --strict errors, for that partner only: the item is left out
 * of its feed (select/partners.ts) and kept everywhere else.
 */
async function profileProblems(cat: Catalog, config: Config, run: ProfileRun, limit?: number): Promise<Problem[]> {
  const findings: (LintFinding & { partner: string })[] = [];
  for (const { partner, profile, judged } of profileFindings(cat, config, run, limit)) {
    const tail = run.strict ? `: left out of this partner's feed (--strict)` : '';
    for (const { item, findings: fs } of judged.findings)
      for (const f of fs)
        findings.push({ file: item.file, field: f.field, at: f.at, partner: partner.name, message: `partner ${partner.name} (${profile.name}): ${f.message}${tail}` });
  }
  const problems = lintProblems(findings, await readTexts(findings)).map((p, i) => ({
    ...p,
    partner: findings[i]!.partner,
    severity: run.strict ? ('error' as const) : ('warning' as const),
  }));
  // Partner by partner (config order, as found), each partner's by file and line, as the lint's are.
  const rank = new Map(config.partners.map((p, i) => [p.name, i]));
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank.get(a.p.partner)! - rank.get(b.p.partner)! || (a.p.file < b.p.file ? -1 : a.p.file > b.p.file ? 1 : 0) || (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

/** The line of the field that carries an item's id (front matter `id:` / `url:`, or a JSON key). */
export function idLine(text: string, field: 'id' | 'url', json: boolean): number | undefined {
  const m = (json ? new RegExp(`"${field}"\\s*:`) : new RegExp(`^${field}[ \\t]*:`, 'm')).exec(text);
  return m ? text.slice(0, m.index).split('\n').length : undefined;
}

/** The catalog's problems, the duplicates' with the lines of both files (only those files are read again). */
async function catalogProblems(cat: Catalog): Promise<Problem[]> {
  if (cat.duplicates.length === 0) return cat.problems;
  const lines = new Map<Item, number | undefined>();
  for (const item of new Set(cat.duplicates.flatMap((d) => [d.kept, d.skipped]))) {
    try {
      lines.set(item, idLine(await readFile(item.file, 'utf8'), idField(item), item.file.endsWith('.json')));
    } catch {
      // Gone since it was loaded: named without a line.
    }
  }
  const dups = new Set(cat.duplicates.map((d) => d.skipped.file));
  return [...cat.problems.filter((p) => !dups.has(p.file)), ...cat.duplicates.map((d) => duplicateProblem(d, (i) => lines.get(i)))];
}

/** What a run renders: every document's view, and how its bodies are made. */
export interface SitePlan {
  views: FeedView[];
  jobs: { view: FeedView; opts: RenderOptions }[];
}

/** The documents a catalog makes (selection and rights, no rendering yet). */
export function planSite(
  cat: Catalog,
  config: Config,
  limit?: number,
  run?: ProfileRun,
  access?: PartnerAccess,
  facts: PhotoFacts = itemPhotoFacts,
): SitePlan {
  const site = selectViews(cat, config, limit);
  const partners = selectPartners(cat, config, access, limit, run, facts);
  const opts = { sanitize: config.html.sanitize, allowDataImages: config.html.allow_data_images };
  return {
    views: [...site, ...partners],
    jobs: [
      ...site.map((view) => ({ view, opts })),
      // Partners republish what they receive: their bodies are sanitized whatever html.sanitize says.
      ...partners.map((view) => ({ view, opts: { ...opts, sanitize: true } })),
    ],
  };
}

/** The pictures an item shows in a document: what of its withheld photos can change its bytes (EntryMemo). */
const imagesOf = (facts: PhotoFacts) => (item: Item, fullText: boolean): readonly string[] => {
  // From the photo facts (the parse cache's index), not item.image: an indexed item would read its file for it.
  const url = facts.image(item)?.url;
  const photo = url ? [url] : [];
  return fullText && item.body ? [...photo, ...facts.bodyImages(item)] : photo;
};

/**
 * Jobs rendered period by period (periodOrder), with one EntryMemo, each job's files yielded as
 * they are made: an item's entry and pieces are made once for every document that shows it alike.
 * `ahead` is told of each period's jobs one period before they are rendered (render/bodies.ts).
 */
export function* renderInOrder<T extends { view: FeedView; opts: RenderOptions }, F>(
  jobs: readonly T[],
  facts: PhotoFacts,
  renderDoc: (view: FeedView, opts: RenderOptions, memo: EntryMemo) => F[],
  ahead?: (jobs: readonly T[]) => void,
): Generator<{ job: T; files: F[] }> {
  const memo = new EntryMemo(facts === itemPhotoFacts ? undefined : imagesOf(facts));
  const periods: T[][] = [];
  let period: string | undefined;
  for (const { job, period: p } of periodOrder(jobs, (j) => j.view)) {
    if (p !== period || periods.length === 0) periods.push([]);
    period = p;
    periods.at(-1)!.push(job);
  }
  if (periods[0]) ahead?.(periods[0]);
  for (let k = 0; k < periods.length; k++) {
    if (periods[k + 1]) ahead?.(periods[k + 1]!);
    memo.clear();
    for (const job of periods[k]!) yield { job, files: renderDoc(job.view, job.opts, memo) };
  }
}

/** Everything a run renders from a catalog: the pure middle of the pipeline. */
export function renderSite(
  cat: Catalog,
  config: Config,
  limit?: number,
  /** How one document is rendered. */
  renderDoc: (view: FeedView, opts: RenderOptions, memo?: EntryMemo) => RenderedFeed[] = renderView,
  /** For partners with a profile: the run's time (age limits) and --strict (failing items left out). */
  run?: ProfileRun,
  /** The partners' tokens; without them no partner document is rendered. */
  access?: PartnerAccess,
  /** What partners' photo rights look at: the parse cache answers from its index. */
  facts: PhotoFacts = itemPhotoFacts,
): { views: FeedView[]; rendered: RenderedFeed[] } {
  const plan = planSite(cat, config, limit, run, access, facts);
  // Rendered period by period (one memo), listed in the views' order.
  const byJob = new Map<number, RenderedFeed[]>();
  for (const { job, files } of renderInOrder(plan.jobs.map((j, i) => ({ ...j, i })), facts, renderDoc)) byJob.set(job.i, files);
  return {
    views: plan.views,
    rendered: [...plan.jobs.keys()].flatMap((i) => byJob.get(i)!).concat(renderDiscovery(config, plan.views, access)),
  };
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const result = empty();
  let config = options.config;
  // The config's text, when read from a file: the key of the quick "nothing changed" run (quick.ts).
  let configText: string | undefined;
  if (!config) {
    const loaded = await loadConfigCached(options.configFile ?? 'wirefeed.config.yaml', options.cacheDir && options.write !== false ? { dir: options.cacheDir, itemsDir: options.itemsDir, outDir: options.outDir } : undefined);
    if (!loaded.ok) {
      result.problems = loaded.problems;
      result.fatal = 'bad config: nothing written';
      result.exitCode = 78;
      return result;
    }
    config = loaded.config;
    configText = loaded.text;
  }
  const missing = missingSecretWarning(config, options.access, options.secretsHint);
  if (missing) result.warnings.push(missing);
  if (options.write === false) return buildLocked(options, config, result);

  const ready = config;
  await underLock(
    options.outDir,
    result,
    async () => {
      try {
        await buildLocked(options, ready, result, configText, missing);
      } catch (err) {
        // A FIFO, device, folder or link where a feed or cache file should be: refused before any rename.
        if (!(err instanceof NotRegularError)) throw err;
        result.fatal = err.message;
        result.report.written = [];
        result.exitCode = 73;
      }
      if (result.exitCode === 0 || result.exitCode === 1) {
        // Still under the lock, after the new documents are in place: a rotated secret's old
        // folder, a removed partner's, a partner's whose secret is gone.
        const pruned = await prunePrivate(options.outDir, keptTokens(options.access, ready.partners.map((p) => p.name)));
        result.report.removed = pruned.removed;
        result.warnings.push(...pruned.warnings);
      }
    },
    options.handover?.lock,
  );
  return pingChanged(config, result, options);
}

/**
 * Whether a run shows (renders in full) only a few of the items: without archives and
 * partners, each feed shows its newest `limit`. Then the cache need not hold every item's
 * metadata in memory: the few shown are read again from their files.
 */
function showsFew(config: Config, limit = config.feed.limit): boolean {
  return !config.archive.enabled && config.partners.length === 0 && limit * (1 + config.tags.length) <= SHOWN_FEW;
}

/** At most this many items shown: reading them again costs a few tenths of a second. */
const SHOWN_FEW = 2_000;

/** The run from the items on: under the lock when it writes. */
async function buildLocked(
  options: BuildOptions,
  config: Config,
  result: BuildResult,
  configText?: string,
  /** The warning every run gives about partners without a secret: repeated by the quick check. */
  missing?: string,
): Promise<BuildResult> {
  const write = options.write !== false;
  const defaults = { author: config.site.default_author };
  options.onStage?.('read', options.itemsDir);
  const cache =
    write && options.cacheDir
      ? new BuildCache(options.cacheDir, {
          itemsDir: options.itemsDir,
          outDir: options.outDir,
          defaults,
          // --strict changes what a profiled partner receives: a strict run and a plain one are different runs.
          // The tokens shape the paths: a rotated secret must not look like "nothing changed".
          shape: {
            config,
            limit: options.limit,
            ...(options.strict && config.partners.some((p) => p.profile) ? { profilesStrict: true } : {}),
            access: options.access && { tokens: [...options.access.tokens], newsroom: options.access.newsroom },
          },
          lint: { site: { agencies: config.site.agencies }, partners: config.partners },
          showsFew: showsFew(config, options.limit),
          bodyImages: config.partners.some((p) => p.full_text),
          tombstoneMs: config.lifecycle.tombstone_days * DAY_MS,
          quick: configText === undefined ? undefined : quickKey(configText, options),
          ...(missing ? { notes: [missing] } : {}),
        })
      : undefined;
  const unwritable = cache?.unwritable();
  if (unwritable) result.warnings.push(unwritable);
  let loaded;
  try {
    const incremental = cache ? await cache.load(options.itemsDir, options.now, parallelParser(undefined, options.onParsed), options.handover) : undefined;
    if (incremental && 'unchanged' in incremental && !(options.strict && incremental.unchanged.problems.length > 0)) {
      // Nothing changed since the last run, which published successfully: nothing to write.
      const last = incremental.unchanged;
      result.problems = last.problems;
      result.counts = last.counts as BuildResult['counts'];
      result.report.unchanged = [...last.outputs].sort();
      result.exitCode = last.counts.skipped! > 0 ? 1 : 0;
      return result;
    }
    loaded = incremental && !('unchanged' in incremental) ? incremental : await loadItems(options.itemsDir, defaults);
  } catch (err) {
    if (!(err instanceof ItemsFolderError)) throw err;
    result.fatal = `${err.message}: nothing written`;
    result.exitCode = 66;
    return result;
  }
  // `check` judges what `build` would: the same refusals, with the same exit codes.
  if (loaded.files === 0 && !options.force) {
    result.refusal = emptyFolderRefusal(options.itemsDir, await readPublishedFeed(options.outDir, config.feed.formats));
    result.fatal = result.refusal.message;
    result.exitCode = 66;
    return result;
  }
  const cat = catalog(loaded.items, options.now, cache && ((item) => cache.knew(item)), {
    tombstoneMs: config.lifecycle.tombstone_days * DAY_MS,
  });
  try {
    return await buildCatalog(options, config, result, cat, loaded, cache);
  } catch (err) {
    // An indexed item's file changed after the listing (see cache/head.ts): nothing is written; the next run sees it.
    if (!(err instanceof ItemChangedError)) throw err;
    result.fatal = `${err.message}: nothing written (the next run picks the change up)`;
    result.exitCode = 75;
    return result;
  }
}

async function buildCatalog(
  options: BuildOptions,
  config: Config,
  result: BuildResult,
  cat: Catalog,
  loaded: LoadResult,
  cache: BuildCache | undefined,
): Promise<BuildResult> {
  const write = options.write !== false;
  const run: ProfileRun = { now: options.now, strict: options.strict === true };
  result.problems = [
    ...loaded.problems,
    ...(await catalogProblems(cat)),
    ...(await attributionWarnings([...cat.pool, ...cat.held], config, cache)),
    ...(await profileProblems(cat, config, run, options.limit)),
  ];
  // A profile's finding is about one partner's feed: it skips no item and stops no run.
  const own = result.problems.filter((p) => p.partner === undefined);
  const skipped = new Set(own.filter((p) => p.severity === 'error').map((p) => p.file));
  const leftOut = result.problems.filter((p) => p.partner !== undefined && p.severity === 'error').length;
  result.counts = {
    files: loaded.files,
    items: cat.pool.length,
    skipped: skipped.size,
    held: cat.held.length,
    withdrawn: cat.withdrawn.length,
    expired: cat.expired.length,
  };
  if (options.strict && skipped.size > 0) {
    result.fatal = `${skipped.size} item${skipped.size === 1 ? '' : 's'} skipped with --strict: nothing written`;
    result.exitCode = 65;
    return result;
  }
  const warned = own.filter((p) => p.severity === 'warning').length;
  if (options.strict && warned > 0) {
    // --strict makes warnings errors: the attribution lint can stop a build, not only a check.
    result.problems = result.problems.map((p) => (p.severity === 'warning' && p.partner === undefined ? { ...p, severity: 'error' as const } : p));
    result.fatal = `${warned} warning${warned === 1 ? '' : 's'} with --strict${options.write === false ? '' : ': nothing written'}`;
    result.exitCode = 65;
    return result;
  }

  options.onStage?.('render', `${cat.pool.length} items`);
  const facts = cache?.photoFacts() ?? itemPhotoFacts;
  const plan = planSite(cat, config, options.limit, run, options.access, facts);
  const views = plan.views;
  result.views = views;
  // A profiled partner's feed as a whole: what its budget cut, and a feed under the platform's minimum.
  for (const p of config.partners) {
    const profile = profileOf(p);
    const token = options.access?.tokens.get(p.name);
    const doc = profile && token && views.find((v) => v.dir === tokenDir(token));
    if (profile && doc) result.warnings.push(...feedNotes(doc, profile, p.name));
  }

  // The safety valve guards every subscription document (main, tag and partner feeds): a tag
  // whose subfolder mount failed loses its items as surely as the main feed would. It needs
  // only the selection: it is judged before anything is rendered.
  if (!options.force) {
    const accounted = new Set([...cat.pool, ...cat.withdrawn, ...cat.expired].map((i) => i.id));
    for (const view of views) {
      if (view.archive) continue;
      const published = await readPublishedFeed(path.join(options.outDir, view.dir), view.formats);
      if (!published) continue;
      const refusal = judgeDrop({ published, next: new Set(view.items.map((i) => i.id)), accounted, maxDrop: config.safety.max_drop });
      if (refusal) {
        // A dry run still shows what it would have written.
        if (!write) result.rendered = renderSite(cat, config, options.limit, undefined, run, options.access, facts).rendered;
        result.refusal = refusal;
        result.fatal = refusal.message;
        result.exitCode = 66;
        return result;
      }
    }
  }
  if (!write) {
    result.rendered = renderSite(cat, config, options.limit, undefined, run, options.access, facts).rendered;
    result.held = heldItems(cat.held);
    result.exitCode = skipped.size > 0 || leftOut > 0 ? 1 : 0;
    return result;
  }

  // Only documents whose inputs changed (or whose files are not as the last run left them) are
  // rendered; each is staged as soon as it is made, so no run holds the whole output in memory.
  const docs = new Map<string, string>();
  const skippedDocs: string[] = [];
  const survey = await cache?.survey();
  const states = cache?.documents(plan.jobs.map((j) => j.view));
  const todo = plan.jobs.filter((_, i) => {
    const state = states?.[i];
    if (!state) return true;
    for (const p of state.paths) docs.set(p, state.doc);
    if (state.current) skippedDocs.push(...state.paths);
    return !state.current;
  });
  const discovery = renderDiscovery(config, views, options.access);
  const rendered: RenderedFeed[] = [];
  try {
    const paths = [...todo.flatMap((j) => viewPaths(j.view)), ...discovery.map((f) => f.path)];
    options.onStage?.('write', `${paths.length} files`);
    const pub = await Publication.open(options.outDir, paths);
    try {
      const reuse = cache?.reuse();
      // A partner's ninjs story documents whose story did not change stay as they are.
      const kept: string[] = [];
      // Not for documents the last run's layout lets this one re-assemble (renderViewBytes).
      const whole = (view: FeedView) => view.formats.length === 0 || !reuse?.layout(periodOf(view), filePath(view.dir, view.formats[0]!));
      const ahead = BodiesAhead.for(todo, options.renderAhead, whole);
      try {
        for (const { files } of renderInOrder(todo, facts, (view, opts, memo) => renderViewBytes(view, opts, memo, reuse, kept), ahead && ((jobs) => ahead.ask(jobs, facts))))
          for (const f of files) {
            await pub.add(f);
            // The body is on disk (staged): a run that writes keeps only what it wrote, not the bytes.
            rendered.push({ path: f.path, contentType: f.contentType, body: '' });
            if (options.renderAhead?.settle) await ahead?.settled();
          }
      } finally {
        options.onRenderedAhead?.(ahead?.seeded ?? 0);
        await ahead?.close();
      }
      skippedDocs.push(...kept);
      for (const f of discovery) {
        await pub.add(f);
        rendered.push(f);
      }
    } catch (err) {
      await pub.abort();
      throw err;
    }
    result.rendered = rendered;
    result.report = { ...result.report, ...(await pub.commit()) };
    // Archive documents of periods that no longer have an item (withdrawn, expired, deleted)
    // go once the new documents, whose archive links no longer name them, are in place.
    const removed = await removeStaleArchives(options.outDir, new Set([...rendered.map((f) => f.path), ...skippedDocs]), survey);
    if (removed.length > 0) result.report.archivesRemoved = removed;
  } catch (err) {
    if (!(err instanceof PublishError)) throw err;
    result.fatal =
      err.switched.length === 0
        ? `${err.message}; nothing was replaced, the old files are kept`
        : `${err.message}; already replaced: ${err.switched.join(', ')}; the rest keep their old version`;
    result.report.written = [...err.switched];
    result.exitCode = 73;
    return result;
  }
  if (cache) {
    result.report.unchanged = [...result.report.unchanged, ...skippedDocs];
    // Files rendered every run (the feed list, the page) are recorded by their bytes.
    for (const f of discovery) if (!docs.has(f.path)) docs.set(f.path, digest(f.body));
    cache.save(options.now, result.counts, result.problems, docs, [...result.report.written, ...(result.report.archivesRemoved ?? [])]);
  }
  result.exitCode = skipped.size > 0 || leftOut > 0 ? 1 : 0;
  return result;
}
