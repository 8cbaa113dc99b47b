// A thread that renders bodies ahead of the main thread (bodies.ts): each read from its file
// as the run listed it and rendered by the very function the main thread would call.
import { parentPort } from 'node:worker_threads';
import { readBodyText, type BodySource } from '../cache/body.js';
import { renderBodyParts, type BodyOptions, type BodyRendering } from '../items/body.js';

export interface BodyBatch {
  id: number;
  defaults: BodySource['defaults'];
  bodies: { abs: string; file: string; hash: string; format: BodySource['format']; opts: BodyOptions }[];
}

parentPort!.on('message', (batch: BodyBatch) => {
  const made: (BodyRendering | null)[] = batch.bodies.map((b) => {
    try {
      return renderBodyParts(readBodyText(b.abs, b.file, batch.defaults, b.hash, b.format), b.format, b.opts);
    } catch {
      // A file changed since it was listed: the main thread meets it when it renders, and says so.
      return null;
    }
  });
  parentPort!.postMessage({ id: batch.id, made });
});
