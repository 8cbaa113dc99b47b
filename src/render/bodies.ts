// Bodies rendered ahead, on the cores the main thread leaves idle. A cold archive build renders
// thousands of bodies (Markdown, then the sanitizer) one after another on the main thread while
// the other cores wait; here, while the main thread writes one period's documents, threads
// render the bodies the next period's documents show, and hand back what renderBody would have
// made, which it then answers from memory (items/body.ts, seedBody). Nothing depends on them
// arriving: a body not back in time is rendered where it is needed, as before, with the same
// function and the same options (render/entry.ts, bodyOptions), so the bytes are the same.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bodySource, type BodySource } from '../cache/body.js';
import { runCores } from '../cache/parallel.js';
import { bodyRendered, renderingKey, seedBody, type BodyOptions, type BodyRendering } from '../items/body.js';
import type { PhotoFacts } from '../select/partners.js';
import type { Body, FeedView } from '../types.js';
import type { RenderOptions } from './index.js';
import { bodyOptions } from './entry.js';
import type { BodyBatch } from './body-worker.js';

/** Below this many bodies to show, the main thread renders them all (a thread costs more to start than a few hundred bodies). */
export const AHEAD_FROM = 2_000;
const BATCH = 64;

const workerFile = new URL('./body-worker.js', import.meta.url);

/** The cores the main thread does not use (at most 3); none for a run kept on one core (runCores). */
const defaultThreads = (): number => Math.max(0, Math.min(runCores() - 1, 3));

type Job = { view: FeedView; opts: RenderOptions };
/** A body asked for: where it is read from and how its document renders it. */
type Asked = { body: Body; source: BodySource; opts: BodyOptions };

/** How many bodies the documents of `jobs` show. */
const bodiesShown = (jobs: readonly Job[]): number => jobs.reduce((n, j) => n + (j.view.fullText ? j.view.items.length : 0), 0);

/**
 * Whether a document is rendered whole, not re-assembled from its file (only its new or changed
 * items rendered: a run after one new story re-assembles a month page of thousands): true
 * unless the caller knows its layout from the last run.
 */
export type RenderedWhole = (view: FeedView) => boolean;

export class BodiesAhead {
  readonly #workers: Worker[];
  readonly #waiting = new Map<number, Asked[]>();
  /** Renderings asked for, by body: each is asked once, however many documents show it alike. */
  readonly #asked = new WeakMap<Body, Set<string>>();
  #next = 0;
  /** Bodies handed back and kept (for the tests: that the threads did the work). */
  seeded = 0;

  private constructor(
    threads: number,
    private readonly whole: RenderedWhole,
  ) {
    this.#workers = Array.from({ length: threads }, () => {
      const w = new Worker(workerFile);
      w.on('message', (m: { id: number; made: (BodyRendering | null)[] }) => this.#take(m));
      // A thread that fails only leaves its bodies to the main thread.
      w.on('error', () => this.#drop());
      w.on('exit', () => this.#drop());
      return w;
    });
  }

  /**
   * Threads for a run whose documents rendered whole show at least `from` bodies; undefined for
   * a smaller one (a cron run after one new story), or with no core to spare.
   */
  static for(
    jobs: readonly Job[],
    { from = AHEAD_FROM, threads = defaultThreads() }: { from?: number; threads?: number } = {},
    whole: RenderedWhole = () => true,
  ): BodiesAhead | undefined {
    if (threads < 1 || !existsSync(fileURLToPath(workerFile)) || bodiesShown(jobs.filter((j) => whole(j.view))) < from) return undefined;
    return new BodiesAhead(threads, whole);
  }

  /** Ask for the bodies the documents of `jobs` show, each as its document renders it. */
  ask(jobs: readonly Job[], facts: PhotoFacts): void {
    const batch: Asked[] = [];
    for (const { view, opts } of jobs) {
      // A document re-assembled from its file renders only its changed items: the rest are not asked for.
      if (!view.fullText || !this.whole(view)) continue;
      for (const item of view.items) {
        const body = item.body;
        const source = body && bodySource(body);
        if (!source) continue;
        const o = bodyOptions(item, view, opts);
        // Which of the document's blocked photos the body shows tells renderings apart (renderBody's key).
        const key = renderingKey(o, o.blockedImages.length > 0 ? new Set(facts.bodyImages(item)) : undefined);
        let asked = this.#asked.get(body);
        if (!asked) this.#asked.set(body, (asked = new Set()));
        if (asked.has(key) || bodyRendered(body, o)) continue;
        asked.add(key);
        batch.push({ body: body!, source, opts: o });
        if (batch.length === BATCH) this.#send(batch.splice(0));
      }
    }
    if (batch.length > 0) this.#send(batch);
  }

  #send(batch: Asked[]): void {
    const defaults = batch[0]!.source.defaults;
    // One run's bodies share their defaults; a batch that did not would be rendered here instead.
    if (batch.some((b) => b.source.defaults !== defaults)) return;
    const id = this.#next++;
    const message: BodyBatch = { id, defaults, bodies: batch.map(({ source: s, opts }) => ({ abs: s.abs, file: s.file, hash: s.hash, format: s.format, opts })) };
    this.#waiting.set(id, batch);
    this.#workers[id % this.#workers.length]!.postMessage(message);
  }

  #settle: (() => void)[] = [];

  /** Every body asked for so far is back (for the tests: rendering that waits for them is deterministic). */
  settled(): Promise<void> {
    return this.#waiting.size === 0 ? Promise.resolve() : new Promise((resolve) => this.#settle.push(resolve));
  }

  #drop(): void {
    this.#waiting.clear();
    this.#settled();
  }

  #settled(): void {
    if (this.#waiting.size > 0) return;
    for (const resolve of this.#settle.splice(0)) resolve();
  }

  #take(m: { id: number; made: (BodyRendering | null)[] }): void {
    const batch = this.#waiting.get(m.id);
    this.#waiting.delete(m.id);
    batch?.forEach(({ body, opts }, i) => {
      const made = m.made[i];
      if (made && seedBody(body, opts, made)) this.seeded++;
    });
    this.#settled();
  }

  /** Stop the threads (what they still had in hand is not needed). */
  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
