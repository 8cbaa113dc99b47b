// What out/ holds, taken once per run with changes, on another thread: a run with one new story
// at 100,000 items otherwise stat'ed some 50,000 output files one by one to learn which are as
// the last run left them, and walked the whole tree again to find stale archive pages, all on
// the thread that selects and renders. The survey is taken under the lock, before anything is
// published: nothing else writes out/ meanwhile, and what this run writes it knows.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * What is below out/, hidden entries left out and links not followed, by path under out/; as
 * flat arrays, which cross threads far faster than a Map of objects, and are read once.
 */
export interface OutSurvey {
  /** Regular files, with the size and mtime a stat gives (`sizes[i]`, `mtimes[i]`). Anything else (a link, a FIFO) is not here: a check asks the file system about it. */
  names: string[];
  sizes: Float64Array;
  mtimes: Float64Array;
  /** Folders, each after the folders inside it (deepest first, as a walk finishes them). */
  dirs: string[];
}

/** Walks out/ here (the thread's work; also the fallback when no thread can be started). A folder that cannot be read is passed over. */
export function surveyHere(outDir: string): OutSurvey {
  const names: string[] = [];
  const sizes: number[] = [];
  const mtimes: number[] = [];
  const dirs: string[] = [];
  const walk = (abs: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      const a = path.join(abs, e.name);
      if (e.isDirectory()) walk(a, r);
      else if (e.isFile()) {
        // Gone between the listing and the stat: as if never listed.
        const st = statSync(a, { throwIfNoEntry: false });
        if (!st) continue;
        names.push(r);
        sizes.push(st.size);
        mtimes.push(st.mtimeMs);
      }
    }
    if (rel) dirs.push(rel);
  };
  walk(path.resolve(outDir), '');
  return { names, sizes: Float64Array.from(sizes), mtimes: Float64Array.from(mtimes), dirs };
}

const workerFile = new URL('./survey-worker.js', import.meta.url);

/**
 * Starts the survey of out/ on its own thread; the promise gives it. Under a TypeScript test
 * runner there is no compiled thread file beside this module, and a thread that fails is not
 * waited for: then the survey is taken here, when it is asked for.
 */
export function startSurvey(outDir: string): () => Promise<OutSurvey> {
  let flat: Promise<OutSurvey | undefined> = Promise.resolve(undefined);
  let thread: Worker | undefined;
  if (existsSync(fileURLToPath(workerFile))) {
    const w = new Worker(workerFile, { workerData: { outDir } });
    // A run that stops before it asks (a refusal, an error) is not kept alive by the thread.
    w.unref();
    thread = w;
    flat = new Promise((resolve) => {
      w.once('message', (m: OutSurvey) => {
        resolve(m);
        void w.terminate();
      });
      w.once('error', () => resolve(undefined));
      w.once('exit', () => resolve(undefined));
    });
  }
  let survey: Promise<OutSurvey> | undefined;
  return () => {
    // Waited for now: the thread must keep the process alive until it answers.
    thread?.ref();
    return (survey ??= flat.then((f) => f ?? surveyHere(outDir)));
  };
}
