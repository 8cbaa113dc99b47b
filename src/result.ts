// The result of a run that has done nothing yet: where both the quick check and the full build start.
import type { BuildResult } from './build.js';

export const emptyResult = (): BuildResult => ({
  exitCode: 0,
  problems: [],
  counts: { files: 0, items: 0, skipped: 0, held: 0, withdrawn: 0, expired: 0 },
  views: [],
  rendered: [],
  report: { written: [], unchanged: [] },
  warnings: [],
  pings: [],
  held: [],
});
