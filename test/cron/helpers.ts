// Shared by the cron tests: run the built CLI as a real child process, generate item sets,
// and read back what is on disk.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chmod, chown, cp, mkdtemp, readdir, readFile, stat, symlink, writeFile, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = path.join(ROOT, 'dist/cli.js');
let cliPath = CLI;
/** The dist/ folder the CLI runs from (the frozen copy after freezeDist()). */
export let distDir = path.join(ROOT, 'dist');
let workDir = ROOT;

/**
 * Run this file's tests against a private copy of dist/ (with node_modules linked), so that a
 * rebuild of dist/ while the tests run (another tsc in the same tree) cannot change the CLI
 * between the runs a test compares. Same compiled code as dist/cli.js, frozen.
 */
export async function freezeDist(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'wirefeed-dist-'));
  await chmod(root, 0o755); // readable by the unprivileged user some tests run as
  await cp(path.join(ROOT, 'dist'), path.join(root, 'dist'), { recursive: true });
  await cp(path.join(ROOT, 'package.json'), path.join(root, 'package.json'));
  await symlink(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  cliPath = path.join(root, 'dist/cli.js');
  distDir = path.join(root, 'dist');
  // Runs start in this folder too: anything a run keeps beside its cwd (a cache) stays private.
  workDir = root;
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
}
export const FIXTURES = path.join(ROOT, 'test/fixtures/cron');
export const BASE_CONFIG = path.join(FIXTURES, 'wirefeed.config.yaml');
export const NOW = '2026-11-26T12:00:00Z';

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Extra node flags before the script (e.g. --import a preload). */
  node?: string[];
  /** Run as this user (the test runs as root and needs a user that permissions stop). */
  uid?: number;
  gid?: number;
}

/** Start `node dist/cli.js ARGS`; the child and a promise of its outcome. */
export function start(args: string[], opts: RunOptions = {}): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [...(opts.node ?? []), cliPath, ...args], {
    cwd: opts.cwd ?? workDir,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid ?? opts.uid } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export const cli = (args: string[], opts?: RunOptions) => start(args, opts).done;

/** `build --items I --out O --config C --now NOW` plus extra arguments. */
export const buildArgs = (site: Site, ...extra: string[]) => [
  'build', '--items', site.items, '--out', site.out, '--config', site.config, '--now', NOW, ...extra,
];

export interface Site {
  root: string;
  items: string;
  out: string;
  config: string;
}

/** A temp folder with items/, out/ (not created) and a config: the base one plus `extraYaml`. */
export async function makeSite(extraYaml = ''): Promise<Site> {
  const root = await mkdtemp(path.join(tmpdir(), 'wirefeed-cron-'));
  const site = { root, items: path.join(root, 'items'), out: path.join(root, 'out'), config: path.join(root, 'wirefeed.config.yaml') };
  await mkdir(site.items);
  await writeFile(site.config, (await readFile(BASE_CONFIG, 'utf8')) + extraYaml);
  return site;
}

export const removeSite = (site: Site) => rm(site.root, { recursive: true, force: true });

/**
 * For a test of a permission refused: root reads and writes anywhere, so under root the run is
 * made as "nobody", who may read the site and write out/ (created here). The options for cli().
 */
export async function unprivileged(site: Site): Promise<{ uid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const nobody = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(nobody)) throw new Error('an unprivileged user "nobody" to run as');
  await chmod(site.root, 0o755);
  await mkdir(site.out, { recursive: true });
  await chown(site.out, nobody, nobody);
  return { uid: nobody };
}

export interface ItemSpec {
  id: string;
  title: string;
  published: string;
  tags?: string[];
  body?: string;
  /** Extra front-matter lines, YAML. */
  extra?: string;
}

export function itemMarkdown(i: ItemSpec): string {
  return [
    '---',
    `id: ${i.id}`,
    `title: ${JSON.stringify(i.title)}`,
    `url: https://cron.example.org/news/${i.id}`,
    `published: ${i.published}`,
    ...(i.tags ? [`tags: ${JSON.stringify(i.tags)}`] : []),
    ...(i.extra ? [i.extra.trimEnd()] : []),
    '---',
    i.body ?? `Body of ${i.title}.`,
    '',
  ].join('\n');
}

export async function writeItems(dir: string, items: readonly ItemSpec[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const i of items) await writeFile(path.join(dir, `${i.id}.md`), itemMarkdown(i));
}

/** `n` items, one every 3 hours back from NOW; `variant` goes into every title, so two variants differ in every feed. */
export function generateItems(n: number, variant: string, opts: { tags?: string[]; bodyParagraphs?: number } = {}): ItemSpec[] {
  const end = Date.parse(NOW) - 60_000;
  const tags = opts.tags ?? [];
  return Array.from({ length: n }, (_, k) => {
    const id = `item-${String(k).padStart(5, '0')}`;
    const body = Array.from({ length: opts.bodyParagraphs ?? 3 }, (_, p) =>
      `Paragraph ${p + 1} of ${id}: wire copy about harbour cranes, ferry timetables and the price of herring in Göteborg.`,
    ).join('\n\n');
    return {
      id,
      title: `Story ${k} (${variant})`,
      published: new Date(end - k * 3 * 3600_000).toISOString().replace('.000Z', 'Z'),
      ...(tags.length ? { tags: [tags[k % tags.length]!] } : {}),
      body,
    };
  });
}

/** Every regular file below `dir`: relative path → bytes and mtime. */
export async function snapshot(dir: string): Promise<Map<string, { bytes: Buffer; mtimeMs: number }>> {
  const out = new Map<string, { bytes: Buffer; mtimeMs: number }>();
  const walk = async (d: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const abs = path.join(d, e.name);
      if (e.isDirectory()) await walk(abs, r);
      else out.set(r, { bytes: await readFile(abs), mtimeMs: (await stat(abs)).mtimeMs });
    }
  };
  await walk(dir, '');
  return out;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', isArray: (name) => ['item', 'entry', 'category', 'link'].includes(name) });

const asText = (v: unknown): string => (typeof v === 'object' && v !== null ? String((v as Record<string, unknown>)['#text']) : String(v));

/** The items of a feed file (id and title), by parsing it with the format's parser (throws if it does not parse). */
export function feedEntries(file: string, bytes: Buffer | string): { id: string; title: string }[] {
  const text = bytes.toString();
  if (file.endsWith('.json')) {
    const doc = JSON.parse(text) as { version: string; items: { id: string; title: string }[] };
    if (doc.version !== 'https://jsonfeed.org/version/1.1') throw new Error(`${file}: not JSON Feed 1.1`);
    return doc.items.map((i) => ({ id: i.id, title: i.title }));
  }
  const doc = xml.parse(text, true) as {
    rss?: { channel: { item?: { guid: unknown; title: unknown }[] } };
    feed?: { entry?: { id: unknown; title: unknown }[] };
  };
  if (file.endsWith('rss.xml')) {
    if (!doc.rss) throw new Error(`${file}: no <rss> root`);
    return (doc.rss.channel.item ?? []).map((i) => ({ id: asText(i.guid), title: asText(i.title) }));
  }
  if (!doc.feed) throw new Error(`${file}: no <feed> root`);
  // Atom ids are IRIs: a plain item id is written as tag:host,day:id (render/entry.ts).
  return (doc.feed.entry ?? []).map((e) => ({ id: decodeURIComponent(asText(e.id).replace(/^tag:[^,]+,\d{4}-\d{2}-\d{2}:/, '')), title: asText(e.title) }));
}

/** The item ids of a feed file (feedEntries). */
export const feedIds = (file: string, bytes: Buffer | string): string[] => feedEntries(file, bytes).map((e) => e.id);

/** The parsed JSON object a `--json` run printed (the last line of stdout). */
export function runRecord(run: Run): Record<string, unknown> & { exitCode: number; written: string[]; unchanged: string[] } {
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

/** Files in out/ that are not outputs: the lock, its pending record, temps. */
export const isDotFile = (rel: string) => rel.split('/').some((part) => part.startsWith('.'));
