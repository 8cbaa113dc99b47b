// One run at a time per output folder. The lock is the file out/.wirefeed.lock, holding the
// owner's identity; it lives in the folder it protects, so two sites with two out/ folders
// never block each other, and no path outside out/ needs to be writable.
//
// Taking it is atomic: the owner's record is written to a private file first and then
// hard-linked to the lock's name, which fails if the name exists. So the lock is never
// seen empty or half-written, and exactly one of two racing runs gets it.
import { hostname } from 'node:os';
import { constants, unlinkSync } from 'node:fs';
import { link, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { lstatOrNone, NotRegularError, kindOf, readRegular, readRegularSync } from './guard.js';

export const LOCK_NAME = '.wirefeed.lock';

/** Who holds a lock. `boot` and `startTicks` tell a live owner from a reused pid (Linux). */
export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the owner took the lock (wall clock: for people reading the file). */
  started: string;
  /** /proc/sys/kernel/random/boot_id: a lock from before a reboot is stale whatever its pid. */
  boot?: string;
  /** The owner's start time in clock ticks since boot (/proc/<pid>/stat field 22). */
  startTicks?: number;
}

export interface Lock {
  file: string;
  owner: LockOwner;
  /** The previous owner, when its lock was stale and was taken over. */
  tookOver?: { owner: LockOwner | undefined; reason: string };
  release(): Promise<void>;
}

export class LockHeldError extends Error {
  constructor(
    readonly file: string,
    readonly owner: LockOwner,
  ) {
    super(`another run holds the lock ${file} (pid ${owner.pid} on ${owner.host}, since ${owner.started})`);
  }
}

export class LockError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: NodeJS.ErrnoException,
  ) {
    super(`${file}: cannot take the lock (${cause.code ?? cause.message})`);
  }
}

// Never blocks: a FIFO put where the lock (or a /proc file) should be reads as nothing.
const readText = (p: string): string | undefined => {
  try {
    return readRegularSync(p, 'the lock')?.toString('utf8');
  } catch {
    return undefined;
  }
};

/** The lock's text; a FIFO, folder or link in its place is refused (exit 73), never read. */
const readLock = async (file: string): Promise<string | undefined> => (await readRegular(file, 'the lock'))?.toString('utf8');

/**
 * Write the owner's record to the private file, created here (O_EXCL, never through a link or
 * into a FIFO). A failed write (a full disk) removes what it wrote: nothing is left behind.
 */
async function writePending(pending: string, record: string): Promise<void> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  let handle;
  try {
    handle = await open(pending, flags, 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // Left by an earlier process with our pid: a regular file may go; anything else is refused.
    const st = await lstatOrNone(pending);
    if (st && !st.isFile()) throw new NotRegularError(pending, kindOf(st), "the lock's private record");
    await rm(pending, { force: true });
    handle = await open(pending, flags, 0o644);
  }
  try {
    try {
      await handle.writeFile(record);
    } finally {
      await handle.close();
    }
  } catch (err) {
    await rm(pending, { force: true });
    throw err;
  }
}

const bootId = (): string | undefined => readText('/proc/sys/kernel/random/boot_id')?.trim();

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces, so count from its ')'. */
export function processStartTicks(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  return Number.isFinite(ticks) ? ticks : undefined;
}

export function currentOwner(now = Date.now()): LockOwner {
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: new Date(now).toISOString() };
  const boot = bootId();
  const ticks = processStartTicks(process.pid);
  if (boot) owner.boot = boot;
  if (ticks !== undefined) owner.startTicks = ticks;
  return owner;
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isInteger(o.pid) && (o.pid as number) > 0 && typeof o.host === 'string' && typeof o.started === 'string') return o as LockOwner;
  } catch {
    // fall through: an unreadable record is judged below
  }
  return undefined;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Why a lock's owner is gone, or undefined while it may still be running. */
export function staleReason(owner: LockOwner | undefined): string | undefined {
  if (!owner) return 'the lock file is unreadable';
  // A lock from another machine (a shared mount) cannot be judged from here: respect it.
  if (owner.host !== hostname()) return undefined;
  const boot = bootId();
  if (owner.boot && boot && owner.boot !== boot) return 'its owner ran before the last reboot';
  if (!alive(owner.pid)) return `process ${owner.pid} is gone`;
  if (owner.startTicks !== undefined) {
    const ticks = processStartTicks(owner.pid);
    if (ticks !== undefined && ticks !== owner.startTicks) return `process ${owner.pid} is gone (its pid now belongs to another process)`;
  }
  return undefined;
}

/** Locks this process holds: released on exit and by the CLI's signal handlers. */
const held = new Map<string, string>();

/** Synchronous, for signal handlers: removes every lock this process still holds. */
export function releaseAllSync(): void {
  for (const [file, record] of held) {
    if (readText(file) === record) {
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    }
    held.delete(file);
  }
}

/** Private file the record is written to before it is linked to the lock's name. */
export const pendingName = (pid: number) => `${LOCK_NAME}.${pid}.new`;

/**
 * Take the lock of `outDir` (created if missing). Throws LockHeldError when a live run holds
 * it, LockError when it cannot be written. A stale lock is taken over and reported in
 * `tookOver`, for the caller to warn about.
 */
export async function acquireLock(outDir: string): Promise<Lock> {
  const file = path.join(outDir, LOCK_NAME);
  const owner = currentOwner();
  const record = `${JSON.stringify(owner, null, 2)}\n`;
  const pending = path.join(outDir, pendingName(process.pid));
  try {
    await mkdir(outDir, { recursive: true });
    await writePending(pending, record);
  } catch (err) {
    if (err instanceof NotRegularError) throw err;
    throw new LockError(file, err as NodeJS.ErrnoException);
  }
  let tookOver: Lock['tookOver'];
  try {
    // A few rounds at most: each one either takes the lock, finds it held, or clears a stale one.
    for (let round = 0; round < 5; round++) {
      try {
        await link(pending, file);
        held.set(file, record);
        const lock: Lock = {
          file,
          owner,
          release: async () => {
            if (held.get(file) !== record) return;
            held.delete(file);
            if ((await readLock(file).catch(() => undefined)) === record) await rm(file, { force: true });
          },
        };
        if (tookOver) lock.tookOver = tookOver;
        return lock;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new LockError(file, err as NodeJS.ErrnoException);
      }
      // A FIFO, folder or link where the lock should be: refused at once, never read or removed.
      const st = await lstatOrNone(file);
      if (st && !st.isFile()) throw new NotRegularError(file, kindOf(st), 'the lock');
      const text = await readLock(file).catch((err) => {
        if (err instanceof NotRegularError) throw err;
        return undefined;
      });
      if (text === undefined) continue; // released meanwhile: try again
      const current = parseOwner(text);
      const reason = staleReason(current);
      if (!reason) throw new LockHeldError(file, current!);
      // Move the stale lock aside and check that what moved is the record judged stale: a
      // racing run may have cleared it and taken the lock in between.
      const aside = `${file}.${process.pid}.stale`;
      try {
        await rename(file, aside);
      } catch {
        continue;
      }
      const moved = await readRegular(aside, 'the lock').then((b) => b?.toString('utf8')).catch(() => undefined);
      if (moved !== text) {
        // Not the stale record: put the other run's lock back if its name is still free.
        await link(aside, file).catch(() => {});
        await rm(aside, { force: true });
        continue;
      }
      await rm(aside, { force: true });
      tookOver = { owner: current, reason };
    }
    const text = (await readLock(file).catch(() => '')) ?? '';
    throw new LockHeldError(file, parseOwner(text) ?? { pid: 0, host: 'unknown', started: 'unknown' });
  } finally {
    await rm(pending, { force: true });
  }
}

/** True when the process that wrote `.wirefeed.lock.<pid>.new` is gone: its file may be removed. */
export function pendingIsStale(name: string): boolean {
  const m = /^\.wirefeed\.lock\.(\d+)\.(new|stale)$/.exec(name);
  return m !== null && Number(m[1]) !== process.pid && !alive(Number(m[1]));
}

process.once('exit', releaseAllSync);
