// Reads the items folder. Every file that cannot become an Item is reported and skipped:
// one broken item never takes the feed down.
// Synchronous calls on purpose: at archive scale (100k files) one stat or read after another
// through the promise API spends most of its time waiting on the thread pool; the sync calls
// are several times faster, and a build has nothing else to do meanwhile.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { Item, Problem } from '../types.js';
import { badUtf8Message, firstBadUtf8, notReadAdvice } from '../advice.js';
import type { ItemDefaults } from './parse.js';

/** Larger files are not articles; reading them would only cost memory. */
export const MAX_ITEM_BYTES = 10 * 1024 * 1024;

export interface ItemFile {
  /** Path as reported in messages (relative to the working folder when possible). */
  file: string;
  abs: string;
  size: number;
  mtimeMs: number;
  /** Changes on every write, and cannot be set back by `touch`: the parse cache keys on it too. */
  ctimeMs: number;
  ino: number;
}

export interface LoadResult {
  items: Item[];
  problems: Problem[];
  /** Item files found (read or skipped). */
  files: number;
}

export class ItemsFolderError extends Error {
  constructor(
    readonly dir: string,
    readonly reason: string,
  ) {
    super(`${dir}: ${reason}`);
  }
}

const isItemFile = (name: string) => name.endsWith('.md') || name.endsWith('.json');
const display = (abs: string) => {
  const rel = path.relative(process.cwd(), abs);
  return (rel.startsWith('..') ? abs : rel).split(path.sep).join('/');
};

/**
 * Every .md and .json file below `dir`, sorted by path; symlinks that lead outside it are problems.
 * `many` is called once, when the count of files found reaches `many.at` (so that a caller can
 * start work it will need for that many, such as parser threads, while the walk goes on).
 */
export async function listItemFiles(dir: string, many?: { at: number; call: () => void }): Promise<{ files: ItemFile[]; problems: Problem[] }> {
  const root = path.resolve(dir);
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
    if (!statSync(realRoot).isDirectory()) throw new ItemsFolderError(dir, 'not a folder');
  } catch (err) {
    if (err instanceof ItemsFolderError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new ItemsFolderError(dir, code === 'ENOENT' ? 'the items folder does not exist' : `cannot read the items folder (${code})`);
  }
  const files: ItemFile[] = [];
  const problems: Problem[] = [];
  // Display paths are built by appending names, not by path.relative per file: at 100k files that was a tenth of a warm run.
  const under = (shown: string, name: string) => (shown ? `${shown}/${name}` : name);
  const walk = (folder: string, shown: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (err) {
      if (folder === root) throw new ItemsFolderError(dir, `cannot read the items folder (${(err as NodeJS.ErrnoException).code})`);
      problems.push({ file: shown, message: `cannot read folder (${(err as NodeJS.ErrnoException).code})`, severity: 'error' });
      return;
    }
    let raw: Buffer[] | undefined;
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const abs = folder + path.sep + entry.name;
      const file = under(shown, entry.name);
      // A name that is not UTF-8 (read back with U+FFFD, so opening it fails) or holds a line
      // break or control character: reported as itself, escaped, on one line.
      if (/[\uFFFD\u0000-\u001F\u007F]/.test(entry.name)) {
        raw ??= readdirSync(folder, { encoding: 'buffer' });
        if (entry.isDirectory() || isItemFile(entry.name) || entry.isSymbolicLink())
          problems.push({ file: under(shown, escapeName(entry.name, raw)), message: 'file name is not UTF-8 or holds a control character: not read (rename it)', severity: 'error' });
        continue;
      }
      if (entry.isDirectory()) {
        walk(abs, file);
        continue;
      }
      if (!entry.isSymbolicLink() && !isItemFile(entry.name)) {
        // `Story.MD`, `story.markdown`, `story.md.txt`: an editor's item that would never appear.
        const advice = notReadAdvice(entry.name);
        if (advice) problems.push({ file, message: advice, severity: 'warning' });
        continue;
      }
      try {
        let target = abs;
        if (entry.isSymbolicLink()) {
          target = realpathSync(abs);
          const inside = target.startsWith(realRoot + path.sep);
          if (statSync(target).isDirectory()) {
            // Never silently skipped: a linked folder is named, followed neither out of items/ nor twice inside it.
            problems.push({
              file,
              message: inside
                ? 'symlink to a folder inside the items folder: not followed (its items are read where they are)'
                : 'symlink to a folder outside the items folder: not read (mount or copy it inside)',
              severity: 'error',
            });
            continue;
          }
          if (!isItemFile(entry.name)) continue;
          if (!inside) {
            problems.push({ file, message: 'symlink leads outside the items folder: not read', severity: 'error' });
            continue;
          }
        }
        if (!isItemFile(entry.name)) continue;
        const st = statSync(target);
        if (!st.isFile()) continue;
        files.push({ file, abs, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino });
        if (files.length === many?.at) many.call();
      } catch (err) {
        problems.push({ file, message: `cannot read (${(err as NodeJS.ErrnoException).code})`, severity: 'error' });
      }
    }
  };
  walk(root, display(root));
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, problems };
}

/** A listed name as its bytes would be written: invalid UTF-8 as \xNN, control characters as \n or \xNN. */
function escapeName(name: string, raw: readonly Buffer[]): string {
  const strict = new TextDecoder('utf-8', { fatal: true });
  const bytes = raw.find((b) => b.toString('utf8') === name) ?? Buffer.from(name);
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const len = bytes[i]! < 0x80 ? 1 : bytes[i]! >= 0xf0 ? 4 : bytes[i]! >= 0xe0 ? 3 : bytes[i]! >= 0xc0 ? 2 : 1;
    let ch: string | undefined;
    try {
      ch = strict.decode(bytes.subarray(i, i + len));
    } catch {
      ch = undefined;
    }
    if (ch === undefined || (len === 1 && bytes[i]! >= 0x80)) {
      out += `\\x${bytes[i]!.toString(16).padStart(2, '0')}`;
      i++;
      continue;
    }
    out += /[\u0000-\u001F\u007F]/.test(ch) ? JSON.stringify(ch).slice(1, -1).replace(/^\\u00/, '\\x') : ch;
    i += len;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Files below this size are read into one scratch buffer (the text is decoded out of it at once). */
const SCRATCH_BYTES = 256 * 1024;
const scratch = Buffer.allocUnsafe(SCRATCH_BYTES + 1);

/** The file's bytes if it holds fewer than `room` (a view of the scratch buffer, valid until the next read); undefined if it holds more. */
function readUpTo(fd: number, room: number): Buffer | undefined {
  let n = 0;
  for (;;) {
    // At explicit positions (pread): the file's own offset stays at 0 for the general path.
    const got = readSync(fd, scratch, n, room - n, n);
    if (got === 0) return scratch.subarray(0, n);
    n += got;
    if (n === room) return undefined;
  }
}

/** The text of one item file, or the reason it cannot be used. */
export async function readItemText(f: ItemFile): Promise<{ text: string } | { problem: Problem }> {
  const problem = (message: string): { problem: Problem } => ({ problem: { file: f.file, message, severity: 'error' } });
  // Rounded up, so a file just over the limit never reads as "10.0 MB, over the 10 MB limit".
  if (f.size > MAX_ITEM_BYTES)
    return problem(`file is ${(Math.ceil(f.size / 104857.6) / 10).toFixed(1)} MB, over the ${MAX_ITEM_BYTES / 1048576} MB limit for an item`);
  let bytes: Buffer;
  try {
    // O_NOFOLLOW is not used: a symlink inside the folder was already checked when listed.
    const fd = openSync(f.abs, 'r');
    try {
      // The listed size, and one byte more to see a file that grew since, read into a scratch
      // buffer (a read, and the one that finds the end), without the two fstat calls of the
      // general path below: at archive scale, system calls are most of what reading costs.
      const got = f.size < SCRATCH_BYTES ? readUpTo(fd, f.size + 1) : undefined;
      if (got !== undefined) bytes = got;
      else {
        const st = fstatSync(fd);
        if (st.size > MAX_ITEM_BYTES) return problem(`file is over the ${MAX_ITEM_BYTES / 1048576} MB limit for an item`);
        bytes = readFileSync(fd);
      }
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return problem(code === 'ENOENT' ? 'file disappeared while it was read' : `cannot read (${code})`);
  }
  if (bytes.includes(0)) return problem('binary file (contains NUL bytes): not an item');
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    const bad = firstBadUtf8(bytes) ?? { line: 1, column: 1, byte: 0 };
    return { problem: { file: f.file, line: bad.line, message: badUtf8Message(bad), severity: 'error' } };
  }
}

/** Files the listing could not use (a warning, such as a name that is not read, is not a file). */
export const countErrors = (problems: readonly Problem[]) => problems.filter((p) => p.severity === 'error').length;

/** Load every item below `dir`. Throws ItemsFolderError only when the folder itself is unusable. */
export async function loadItems(dir: string, defaults: ItemDefaults = {}): Promise<LoadResult> {
  // Loaded here, not at the top: a cron run where nothing changed lists the folder and parses nothing.
  const { parseItem } = await import('./parse.js');
  const listed = await listItemFiles(dir);
  const items: Item[] = [];
  const problems = [...listed.problems];
  for (const f of listed.files) {
    const read = await readItemText(f);
    if ('problem' in read) {
      problems.push(read.problem);
      continue;
    }
    const parsed = parseItem(read.text, f.file, defaults);
    if (parsed.ok) items.push(parsed.item);
    else problems.push(...parsed.problems);
  }
  return { items, problems, files: listed.files.length + countErrors(listed.problems) };
}
