// A parser thread: reads and parses the item files it is sent, and posts back the index
// entries (metadata and problems, no bodies). See parallel.ts.
import { parentPort, workerData } from 'node:worker_threads';
import type { ItemFile } from '../items/load.js';
import type { ItemDefaults } from '../items/parse.js';
import { readEntry } from './items.js';

const { defaults, bodyImages } = workerData as { defaults: ItemDefaults; bodyImages: boolean };

parentPort!.on('message', async (batch: { id: number; files: ItemFile[] }) => {
  const entries = [];
  for (const f of batch.files) entries.push(await readEntry(f, defaults, bodyImages));
  parentPort!.postMessage({ id: batch.id, entries });
});
