// Atom documents against RFC 4287's RELAX NG schema extended by RFC 6721 (tombstones), and
// RFC 4287's two embedded Schematron rules, with Debian's jing. The schemas are kept in
// test/schemas/ (see its README for their origin).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { needs } from './tools.js';

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** atom.rnc with RFC 6721's at:deleted-entry: a feed with tombstones validates, a malformed tombstone does not. */
export const ATOM_RNC = path.resolve(repo, 'test/schemas/atom-tombstones.rnc');
export const ATOM_SCH = path.resolve(repo, 'test/schemas/atom-embedded-rules.sch');

function find(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, cmd);
    if (existsSync(p)) return p;
  }
  return undefined;
}

const JING = find('jing');
const jingReason: string | undefined = !JING
  ? 'jing is not installed (apt-get install jing)'
  : !existsSync(ATOM_RNC) || !existsSync(ATOM_SCH)
    ? `the Atom schemas are missing (${ATOM_RNC})`
    : undefined;
/** Why the jing checks cannot run here, or undefined when they can (fails under CI, see tools.ts). */
export const jingMissing: string | undefined = needs('jing', jingReason) ? undefined : jingReason;

async function jing(args: string[]): Promise<string[]> {
  try {
    await run(JING!, args, { maxBuffer: 64 * 1024 * 1024 });
    return [];
  } catch (err) {
    const e = err as { stdout?: string; code?: number };
    if (typeof e.code !== 'number') throw err;
    // jing prints its findings on stdout; stderr holds only Debian's classpath warnings.
    return (e.stdout ?? '').split('\n').filter((l) => l.trim() !== '');
  }
}

/**
 * Every schema error in the given Atom documents, each prefixed by its name; empty when all
 * are valid. One jing run per schema for the whole batch: a JVM start costs about a second.
 */
export async function atomSchemaErrors(docs: Record<string, string>): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-jing-'));
  try {
    const files: string[] = [];
    const names = new Map<string, string>();
    let i = 0;
    for (const [name, body] of Object.entries(docs)) {
      const file = path.join(dir, `doc${i++}.xml`);
      await writeFile(file, body);
      files.push(file);
      names.set(file, name);
    }
    const rename = (line: string) => {
      for (const [file, name] of names) if (line.includes(file)) return line.replace(file, name);
      return line;
    };
    const errors = (await jing(['-c', ATOM_RNC, ...files])).map(rename);
    // Schematron findings do not name the file: on a failure, ask per file.
    const rules = await jing([ATOM_SCH, ...files]);
    if (rules.length > 0 && files.length === 1) errors.push(...rules.map((line) => `${names.get(files[0]!)}: ${line}`));
    else if (rules.length > 0)
      for (const file of files) for (const line of await jing([ATOM_SCH, file])) errors.push(`${names.get(file)}: ${line}`);
    return errors;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
