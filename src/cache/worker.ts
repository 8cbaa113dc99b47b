// A parser thread: reads and parses the item files it is sent, and posts back the index
// entries (what the index row keeps, and problems; no bodies) as one JSON text per batch,
// and each item's other metadata as a JSON text of its own: the main thread parses JSON
// several times faster than it takes apart a structured clone of many small objects, and
// an item's own text only if a document shows the item. See parallel.ts.
import { parentPort, workerData } from 'node:worker_threads';
import type { ItemFile } from '../items/load.js';
import type { ItemDefaults } from '../items/parse.js';
import type { LintSettings } from '../lint.js';
import { linter, readEntry } from './items.js';

const { defaults, bodyImages, lint, texts } = workerData as { defaults: ItemDefaults; bodyImages: boolean; lint?: LintSettings; texts: boolean };
const ready = linter(lint).then((judge) => ({ bodyImages, lint: judge }));

parentPort!.on('message', async (batch: { id: number; files: ItemFile[] }) => {
  const opts = await ready;
  const entries = [];
  const items: string[] = [];
  for (const f of batch.files) {
    const e = await readEntry(f, defaults, opts);
    // Each item's rest as a JSON text of its own: the main thread keeps the text and parses it only for an item a document shows.
    items.push(e.item === undefined || !texts ? '' : JSON.stringify(e.item));
    e.item = undefined;
    entries.push(e);
  }
  parentPort!.postMessage({ id: batch.id, json: JSON.stringify(entries), items });
});
