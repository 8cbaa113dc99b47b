// What identifies one version of a file without reading it, apart from the item index so
// that the check "nothing changed" (run.ts, quick.ts) loads no parser.

/** Timestamp resolution to allow for: 2 s covers FAT and other coarse file systems. */
export const RACY_MS = 2000;

export interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** Changed so close to `ref` (a cache file's mtime) that a later same-tick edit could hide behind it. */
export const isRacy = (s: Stamp, ref: number) => Math.max(s.mtimeMs, s.ctimeMs) >= ref - RACY_MS;
