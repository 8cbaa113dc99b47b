// Parsing a cold archive on every core: YAML parsing is nearly all of a cold run's time and
// each file is independent, so batches of files go to parser threads, which hand back index
// entries in the same order. Small jobs (a warm run's few changed files) stay in this thread:
// a thread costs more to start than a few hundred files cost to parse.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ItemFile } from '../items/load.js';
import type { ItemDefaults } from '../items/parse.js';
import { parseHere, type ParseOptions, type Parser } from './index.js';
import type { Entry } from './items.js';

/** Below this many files to parse, one thread is faster (measured: slower with two threads at 10,000 on two cores, 1.7× faster at 100,000). */
export const PARALLEL_FROM = 20_000;
const BATCH = 250;

/** The cores a run may use: all, unless WIREFEED_PARSER_THREADS says how many (1 keeps a run on one core, on a shared machine). */
export function runCores(): number {
  const set = Number(process.env.WIREFEED_PARSER_THREADS);
  return Number.isInteger(set) && set > 0 ? set : availableParallelism();
}

/** One per core (at most 8). */
const defaultThreads = (): number => Math.min(runCores(), 8);

const workerFile = new URL('./worker.js', import.meta.url);

/** Parser threads started ahead of a call (Parser.warm), with what they were given. */
interface Warm {
  workers: Worker[];
  data: WorkerData;
  /** A thread failed or exited while it waited: the set is not used. */
  broken: boolean;
}

interface WorkerData {
  defaults: ItemDefaults;
  bodyImages: boolean;
  lint: ParseOptions['lint'];
  texts: boolean;
}

const dataOf = (defaults: ItemDefaults, opts?: ParseOptions): WorkerData => ({ defaults, bodyImages: opts?.bodyImages ?? false, lint: opts?.lint, texts: opts?.texts ?? true });
const sameData = (a: WorkerData, b: WorkerData) => a.defaults === b.defaults && a.bodyImages === b.bodyImages && a.lint === b.lint && a.texts === b.texts;

/** A Parser that uses `threads` parser threads for jobs of `from` files or more; `onParsed` hears each finished batch. */
export function parallelParser(threads = defaultThreads(), onParsed?: (done: number, total: number) => void, from = PARALLEL_FROM): Parser {
  const usable = () => threads >= 2 && existsSync(fileURLToPath(workerFile));
  const spawn = (data: WorkerData) => Array.from({ length: threads }, () => new Worker(workerFile, { workerData: data }));
  let warm: Warm | undefined;
  /** Stops the threads `warm` started that no call took; says how many. */
  const release = async (): Promise<number> => {
    const w = warm;
    warm = undefined;
    if (w) await Promise.all(w.workers.map((t) => t.terminate()));
    return w?.workers.length ?? 0;
  };
  const parser: Parser = async (files: ItemFile[], defaults: ItemDefaults, opts?: ParseOptions): Promise<Entry[]> => {
    // Under a TypeScript test runner there is no compiled worker beside this module: one thread.
    if (files.length < from || !usable()) {
      await release();
      const out: Entry[] = [];
      for (let i = 0; i < files.length; i += BATCH) {
        const entries = await parseHere(files.slice(i, i + BATCH), defaults, opts);
        opts?.onEntries?.(i, entries);
        out.push(...entries);
        onParsed?.(out.length, files.length);
      }
      return out;
    }
    const data = dataOf(defaults, opts);
    const ready = warm && !warm.broken && sameData(warm.data, data) ? warm.workers : undefined;
    if (ready) warm = undefined;
    else await release();
    const workers = ready ?? spawn(data);
    // Held by the run now (a warm thread does not keep the process alive while it waits).
    for (const w of workers) {
      w.ref();
      w.removeAllListeners();
    }
    const out: Entry[] = new Array(files.length);
    const batches: { id: number; files: ItemFile[] }[] = [];
    for (let i = 0; i < files.length; i += BATCH) batches.push({ id: i, files: files.slice(i, i + BATCH) });
    let next = 0;
    let done = 0;
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              let inHand = 0;
              const feed = () => {
                const b = batches[next++];
                if (b) {
                  inHand++;
                  w.postMessage(b);
                } else if (inHand === 0) resolve();
              };
              w.on('message', (m: { id: number; json: string; items: string[] }) => {
                inHand--;
                // The next batch first: the thread parses while this one is taken in.
                feed();
                const entries = JSON.parse(m.json) as Entry[];
                for (let k = 0; k < entries.length; k++) {
                  if (m.items[k]) entries[k]!.item = m.items[k];
                  out[m.id + k] = entries[k]!;
                }
                done += entries.length;
                onParsed?.(done, files.length);
                opts?.onEntries?.(m.id, entries);
              });
              w.on('error', reject);
              w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`parser thread exited with code ${code}`))));
              // Two batches in hand, so a thread never waits for the main thread to send the next.
              feed();
              feed();
            }),
        ),
      );
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
    return out;
  };
  parser.warmAt = from;
  parser.warm = (defaults, opts) => {
    if (warm || !usable()) return;
    const w: Warm = { workers: spawn(dataOf(defaults, opts)), data: dataOf(defaults, opts), broken: false };
    for (const t of w.workers) {
      t.unref();
      t.once('error', () => (w.broken = true));
      t.once('exit', () => (w.broken = true));
    }
    warm = w;
  };
  parser.release = release;
  return parser;
}
