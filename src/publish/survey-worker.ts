// The survey's thread (see survey.ts): walks out/ and posts what it found, once.
import { parentPort, workerData } from 'node:worker_threads';
import { surveyHere } from './survey.js';

const flat = surveyHere((workerData as { outDir: string }).outDir);
parentPort!.postMessage(flat, [flat.sizes.buffer as ArrayBuffer, flat.mtimes.buffer as ArrayBuffer]);
