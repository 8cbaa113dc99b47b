// npm run bench [-- --large] [-- --sizes 1000,10000]
//
// Measures, side by side in one run and each case in a child process of its own (so each
// has its own heap and its own peak RSS): the floors (readdir + stat, reading the bytes,
// writing the output bytes of each job), the usual approach (gray-matter + marked + feed@6), wirefeed's
// cold build, warm run with nothing changed and warm run with one new item on the job of
// bench/minimal.config.yaml, and the sample config's job cold, unchanged, with one new item,
// one correction and one withdrawal (each warm case the median of three runs, each edit made
// and undone three times); and serialization alone of every item by wirefeed, feed@6 and
// feedsmith@3 (each the median of 3 fresh processes, run in turns). Prints a table and writes
// bench/results/latest.json. Timings are wall-clock
// times of the child process (node's start-up included, for the floors too, so ratios compare
// like with like); the floors' own operation time is recorded as well.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, unlinkSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_NOW, ensureDataSet, generateItem } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const cli = path.join(root, 'dist', 'cli.js');
const config = path.join(root, 'bench', 'minimal.config.yaml');
/** The newsroom's job: the sample config's tag feeds, partner feeds with their rights, RFC 5005 archives for all. */
const sampleConfig = path.join(root, 'wirefeed.config.yaml');
const hook = new URL('./rss-hook.js', import.meta.url).href;

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const sizes = option('--sizes')
  ? option('--sizes')!.split(',').map(Number)
  : flag('--large')
    ? [1_000, 10_000, 100_000]
    : [1_000, 10_000];
const skipPeers = flag('--no-peers');

interface Measure {
  wallMs: number;
  rssBytes?: number;
  /** What the child printed on stdout, when it is JSON (floors, peers: their own operation time). */
  report?: { ms?: number; bytes?: number; files?: number; items?: number };
  exit: number | null;
  stderr: string;
}

/** Run one child `node` process, timing it from the outside and reading its peak RSS from the hook. */
function measure(script: string, scriptArgs: string[], nodeFlags: string[] = []): Measure {
  const rssFile = path.join(os.tmpdir(), `wirefeed-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const t0 = performance.now();
  const child = spawnSync(process.execPath, [...nodeFlags, '--import', hook, script, ...scriptArgs], {
    cwd: root,
    env: { ...process.env, WIREFEED_BENCH_RSS: rssFile },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - t0;
  let rssBytes: number | undefined;
  try {
    rssBytes = (JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssBytes: number }).maxRssBytes;
    unlinkSync(rssFile);
  } catch {
    // A child killed by the OOM killer or a fatal V8 error writes no RSS.
  }
  let report: Measure['report'];
  try {
    report = JSON.parse(child.stdout) as Measure['report'];
  } catch {
    report = undefined;
  }
  return { wallMs, rssBytes, report, exit: child.status, stderr: child.stderr };
}

const median = (runs: Measure[]): Measure => [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]!;

/** How often each kind of edit is made, the stat floor measured and each serializer run: one run of a second on a shared machine is noise. */
const REPEATS = 3;

/**
 * One kind of edit made and undone REPEATS times: the median of the runs that see it (each
 * followed by an untimed run that sees it undone, so each timed run changes one thing), and
 * whether every timed run's output shows it.
 */
function editRuns(run: () => Measure, make: () => void, undo: () => void, shows: () => boolean): { m: Measure; shown: boolean } {
  const runs: Measure[] = [];
  let shown = true;
  for (let k = 0; k < REPEATS; k++) {
    make();
    try {
      runs.push(run());
      shown &&= shows();
    } finally {
      undo();
    }
    run();
  }
  return { m: median(runs), shown };
}

/** The median run by the child's own operation time (a run that reported none counts as the slowest). */
const medianOp = (runs: Measure[]): Measure =>
  [...runs].sort((a, b) => (a.report?.ms ?? Infinity) - (b.report?.ms ?? Infinity))[Math.floor(runs.length / 2)]!;

function wirefeedBuild(items: string, out: string, cache: string, job = config, secrets?: string): Measure {
  return measure(cli, ['build', '--config', job, '--items', items, '--out', out, '--cache', cache, '--now', BENCH_NOW, '--quiet', ...(secrets ? ['--secrets', secrets] : [])]);
}

/** A secrets file for the sample config's partners (as `wirefeed partners add` writes it): without one their feeds are not written. */
function writeSecrets(file: string): string {
  const created = BENCH_NOW;
  const secret = (name: string) => createHash('sha256').update(`wirefeed bench secret ${name}`).digest('base64url');
  const partners = Object.fromEntries(['nordpress', 'baltic-daily', 'wirewatch'].map((n) => [n, { secret: secret(n), created }]));
  writeFileSync(file, `${JSON.stringify({ wirefeed_secrets: 1, newsroom: { secret: secret('newsroom'), created }, partners }, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** An archived Markdown item of the data set (the middle one or the next Markdown after it), for a correction and a withdrawal. */
function archivedItem(items: string, size: number): { file: string; text: string } {
  for (let n = Math.floor(size / 2); ; n++) {
    const gen = generateItem(n, size);
    // Markdown, not already updated or withdrawn, so the edits below add one key each.
    if (!gen.name.endsWith('.md') || /^(updated|withdrawn):/m.test(gen.text)) continue;
    const file = path.join(items, gen.name);
    return { file, text: readFileSync(file, 'utf8') };
  }
}

/** A correction: a sentence added to the body and `updated` set, as an editor would. */
const corrected = (text: string) =>
  text.replace(/^updated: .*\n/m, '').replace(/^published: (.*)$/m, (line) => `${line}\nupdated: "${new Date(Date.parse(BENCH_NOW) - 30_000).toISOString().replace('.000Z', 'Z')}"`) +
  '\nCorrection: an earlier version of this story gave the wrong date for the meeting.\n';
const withdrawn = (text: string) => text.replace(/^---\n/, '---\nwithdrawn: true\n');

/** A new item, published a minute before the benchmark's now: it must enter the main feed. */
function writeNewItem(items: string, size: number): string {
  const gen = generateItem(size, size);
  const published = new Date(Date.parse(BENCH_NOW) - 60_000).toISOString().replace('.000Z', 'Z');
  const text = gen.text
    .replace(/^published: .*$/m, `published: "${published}"`)
    .replace(/"published": ".*?"/, `"published": "${published}"`)
    .replace(/^updated: .*\n/m, '')
    .replace(/"updated": ".*?",\n/, '');
  const file = path.join(items, `zz-bench-new-item${path.extname(gen.name)}`);
  writeFileSync(file, text);
  return file;
}

interface Row {
  size: number;
  case: string;
  wallMs: number;
  opMs?: number;
  rssBytes?: number;
  /** What the ratio is taken against, and the ratio (this / that). */
  vs?: string;
  ratio?: number;
  exit?: number | null;
  note?: string;
  /** The serializer rows: every run's operation time, of which opMs is the median. */
  opRuns?: number[];
}

const rows: Row[] = [];
const fmtMs = (ms: number | undefined) => (ms === undefined ? '' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtMb = (b: number | undefined) => (b === undefined ? '' : `${Math.round(b / 1048576)} MB`);

function add(size: number, name: string, m: Measure, vs?: { name: string; ms: number }, note?: string): Row {
  const row: Row = { size, case: name, wallMs: m.wallMs, opMs: m.report?.ms, rssBytes: m.rssBytes, exit: m.exit };
  if (vs) {
    row.vs = vs.name;
    row.ratio = m.wallMs / vs.ms;
  }
  if (m.exit !== 0) row.note = `exit ${m.exit}: ${m.stderr.trim().split('\n').slice(-2).join(' ').slice(0, 160)}`;
  else if (note) row.note = note;
  rows.push(row);
  const ratio = row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}× ${row.vs}`;
  process.stdout.write(
    `${String(size).padStart(7)}  ${name.padEnd(34)} ${fmtMs(row.wallMs).padStart(9)} ${fmtMs(row.opMs).padStart(9)} ${fmtMb(row.rssBytes).padStart(8)}  ${ratio}${row.note ? `  (${row.note})` : ''}\n`,
  );
  return row;
}

process.stdout.write(
  `wirefeed benchmark — node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GB\n` +
    `job: bench/minimal.config.yaml (main feed, newest 50, RSS + Atom + JSON Feed); --now ${BENCH_NOW}\n` +
    `"sample job" rows: wirefeed.config.yaml (main feed, 2 tag feeds, 3 partner feeds with their rights, ninjs, RFC 5005 archives for all)\n` +
    `times: wall-clock of a child process (node start-up included); "op" = the child's own timing of the operation\n\n` +
    `${'items'.padStart(7)}  ${'case'.padEnd(34)} ${'wall'.padStart(9)} ${'op'.padStart(9)} ${'peak RSS'.padStart(8)}  ratio\n`,
);

const work = mkdtempSync(path.join(os.tmpdir(), 'wirefeed-bench-'));
try {
  for (const size of sizes) {
    const dataDir = path.join(root, 'bench', '.data', `items-${size}`);
    const gen = ensureDataSet(dataDir, size);
    if (gen.generated) process.stdout.write(`${String(size).padStart(7)}  (generated ${size} items in ${path.relative(root, dataDir)})\n`);
    const out = path.join(work, `out-${size}`);
    const cache = path.join(work, `cache-${size}`);
    const usualOut = path.join(work, `usual-${size}`);

    const startup = add(size, 'node start-up (node -e 0)', measure('-e', ['0']));
    void startup;
    const stat = add(size, 'floor: readdir + stat', median(Array.from({ length: REPEATS }, () => measure(path.join(here, 'floors.js'), ['stat', dataDir]))), undefined, `median of ${REPEATS}`);
    const read = add(size, 'floor: read the bytes', measure(path.join(here, 'floors.js'), ['read', dataDir]), { name: 'stat floor', ms: stat.wallMs });
    void read;

    const usual = add(size, 'usual: gray-matter+marked+feed@6', measure(path.join(here, 'usual.js'), [dataDir, usualOut]), { name: 'stat floor', ms: stat.wallMs });
    add(size, 'wirefeed: cold build', wirefeedBuild(dataDir, out, cache), { name: 'usual', ms: usual.wallMs });
    add(size, 'floor: write the output bytes', measure(path.join(here, 'floors.js'), ['write', out, path.join(work, `write-${size}`)]));
    const warm = median(Array.from({ length: REPEATS }, () => wirefeedBuild(dataDir, out, cache)));
    add(size, 'wirefeed: warm, nothing changed', warm, { name: 'stat floor', ms: stat.wallMs }, `median of ${REPEATS}`);
    let newFile = '';
    const newItem = (dir: string, run: () => Measure) =>
      editRuns(
        run,
        () => (newFile = writeNewItem(dataDir, size)),
        () => rmSync(newFile, { force: true }),
        () => existsSync(path.join(dir, 'rss.xml')) && readFileSync(path.join(dir, 'rss.xml'), 'utf8').includes(`-${size}</link>`),
      );
    const one = newItem(out, () => wirefeedBuild(dataDir, out, cache));
    add(size, 'wirefeed: warm, one new item', one.m, { name: 'stat floor', ms: stat.wallMs }, one.shown ? `median of ${REPEATS}` : 'NEW ITEM NOT IN THE FEED');

    // The sample config's job (tags, partners, archives), on the same items, beside the minimal one.
    const sOut = path.join(work, `sample-out-${size}`);
    const sCache = path.join(work, `sample-cache-${size}`);
    const secrets = writeSecrets(path.join(work, 'secrets.json'));
    const sample = () => wirefeedBuild(dataDir, sOut, sCache, sampleConfig, secrets);
    const sCold = add(size, 'sample job: cold build', sample(), { name: 'usual', ms: usual.wallMs });
    // What writing that output costs before any rendering: the cold build's own floor (RSS and
    // Atom archives, ninjs stories: hundreds of megabytes, each file synced as wirefeed syncs it).
    const sWrite = path.join(work, `sample-write-${size}`);
    const written = measure(path.join(here, 'floors.js'), ['write', sOut, sWrite]);
    const what = written.report?.files === undefined ? undefined : `${written.report.files} files, ${fmtMb(written.report.bytes)}; the cold build ${(sCold.wallMs / written.wallMs).toFixed(2)}× this`;
    add(size, 'floor: write the sample output', written, undefined, what);
    rmSync(sWrite, { recursive: true, force: true });
    const sWarm = median(Array.from({ length: REPEATS }, () => sample()));
    add(size, 'sample job: nothing changed', sWarm, { name: 'stat floor', ms: stat.wallMs }, `median of ${REPEATS}`);
    const sOne = newItem(sOut, sample);
    add(size, 'sample job: one new item', sOne.m, { name: 'stat floor', ms: stat.wallMs }, sOne.shown ? `median of ${REPEATS}` : 'NEW ITEM NOT IN THE FEED');
    const old = archivedItem(dataDir, size);
    const month = /^published: "(\d{4})-(\d{2})/m.exec(old.text)!;
    const page = path.join(sOut, 'archive', `${month[1]}-${month[2]}`, 'rss.xml');
    const pageText = () => (existsSync(page) ? readFileSync(page, 'utf8') : '');
    const restore = () => writeFileSync(old.file, old.text);
    const fix = editRuns(sample, () => writeFileSync(old.file, corrected(old.text)), restore, () => /Correction: an earlier version/.test(pageText()));
    add(size, 'sample job: one item corrected', fix.m, { name: 'stat floor', ms: stat.wallMs }, fix.shown ? `median of ${REPEATS}` : 'CORRECTION NOT IN ITS ARCHIVE PAGE');
    let before = '';
    const gone = editRuns(
      sample,
      () => {
        before = pageText();
        writeFileSync(old.file, withdrawn(old.text));
      },
      restore,
      // Its archive page must change (the story leaves it, or becomes a withdrawal notice).
      () => pageText() !== before,
    );
    add(size, 'sample job: one item withdrawn', gone.m, { name: 'stat floor', ms: stat.wallMs }, gone.shown ? `median of ${REPEATS}` : 'ITS ARCHIVE PAGE DID NOT CHANGE');
    rmSync(sOut, { recursive: true, force: true });

    if (!skipPeers) {
      // Each serializer REPEATS times, each run a fresh process, in turns (the order
      // rotated every round), so that the machine's load falls on all three alike; each row
      // is the median run by its operation time, with the runs' spread beside it.
      const serial = { wirefeed: [] as Measure[], feed: [] as Measure[], feedsmith: [] as Measure[] };
      const names = Object.keys(serial) as (keyof typeof serial)[];
      for (let round = 0; round < REPEATS; round++)
        for (let k = 0; k < names.length; k++) {
          const s = names[(round + k) % names.length]!;
          serial[s].push(measure(path.join(here, 'serialize.js'), [s, dataDir], ['--expose-gc']));
        }
      const mid = Object.fromEntries(names.map((s) => [s, medianOp(serial[s])])) as Record<keyof typeof serial, Measure>;
      const own = mid.wirefeed.report?.ms ?? NaN;
      const opRow = (name: string, s: keyof typeof serial, vs?: { name: string; ms: number }) => {
        const ops = serial[s].map((m) => m.report?.ms).filter((ms): ms is number => ms !== undefined);
        const spread = ops.length ? `op ${fmtMs(Math.min(...ops))} to ${fmtMs(Math.max(...ops))}` : 'no run reported';
        const r = add(size, name, mid[s], undefined, `median of ${serial[s].length}, ${spread}`);
        r.opRuns = ops;
        // Serialization is compared on the operation alone: reading and Markdown are not its cost.
        if (vs && r.opMs !== undefined) {
          r.vs = vs.name;
          r.ratio = r.opMs / vs.ms;
          process.stdout.write(`${''.padStart(7)}  ${''.padEnd(34)} ${''.padStart(9)} ${''.padStart(9)} ${''.padStart(8)}  ${r.ratio.toFixed(2)}× ${r.vs} (op)\n`);
        }
      };
      opRow('serialize 3 formats: wirefeed', 'wirefeed');
      opRow('serialize 3 formats: feed@6', 'feed', { name: 'wirefeed', ms: own });
      opRow('serialize 3 formats: feedsmith@3', 'feedsmith', { name: 'wirefeed', ms: own });
    }
    rmSync(path.join(work, `write-${size}`), { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const results = path.join(root, 'bench', 'results');
mkdirSync(results, { recursive: true });
writeFileSync(
  path.join(results, 'latest.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      totalMemBytes: os.totalmem(),
      now: BENCH_NOW,
      config: 'bench/minimal.config.yaml',
      sampleConfig: 'wirefeed.config.yaml',
      rows,
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(`\nwritten: ${path.relative(process.cwd(), path.join(results, 'latest.json'))}\n`);
