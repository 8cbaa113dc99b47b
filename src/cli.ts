#!/usr/bin/env node
// The command line: arguments, the clock (read once, here), output streams and exit codes.
import { parseArgs } from 'node:util';
// Only what every run needs is imported here: build.ts (and the parsers and renderers behind
// it), the preview server and the progress bar are loaded when a run needs them, so a cron
// run where nothing changed loads almost nothing (see quick.ts).
import type { BuildResult, BuildStage } from './build.js';
import { DEFAULT_CACHE_DIR } from './cache/quick.js';
import { parseRfc3339 } from './time.js';
import { releaseAllSync } from './publish/lock.js';
import { PublishError } from './publish/write.js';
import { formatProblem } from './problem.js';
import { quickBuild } from './quick.js';
import { accessFromSecrets, redactor, type PartnerAccess } from './partners/access.js';
import { checkOutsideOut, readSecrets, SecretsError, secretsPath, secretValues } from './partners/secrets.js';
import { readFileSync } from 'node:fs';

/** The installed package's version (package.json ships with every install route). */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const HELP = `wirefeed — RSS 2.0, Atom 1.0 and JSON Feed 1.1 from a folder of attributed articles

Usage:
  wirefeed build [options]   render the feeds into the output folder
  wirefeed check [options]   the dry run of build: write nothing, exit as build would,
                             and name each held-back item with the time it appears
  wirefeed serve [--out DIR] [--port N] [--host ADDR] [--secrets FILE]
                             preview out/ over HTTP as a web server would serve it
                             (feed media types, ETag, Last-Modified, 304, gzip);
                             port and host default to serve.port / serve.host in the
                             config, else 8080 and 127.0.0.1; --port 0 picks a free one;
                             partners/ only with a partner's credential (HTTP Basic)
  wirefeed partners add NAME | rotate NAME | remove NAME
                             give a partner a secret, replace it, or take it away
                             (rotate admin: the newsroom's own credential)
  wirefeed partners list [--json] | handover NAME [--no-secret]
                             each partner's feed URLs and how it logs in; the text
                             to hand a partner (with its password unless --no-secret)
  wirefeed partners nginx --out DIR [--root DIR] [--htpasswd PATH]
                             nginx map, location and htpasswd for the same rule;
                             every partners command needs --secrets FILE (or
                             $WIREFEED_SECRETS)

Options:
  --config FILE   the site config (default: wirefeed.config.yaml)
  --items DIR     the items folder (default: items)
  --out DIR       the output folder (default: out)
  --now TIME      RFC 3339 time to judge embargoes and expiry by (default: the clock)
  --limit N       items in each feed (overrides feed.limit in the config)
  --strict        any skipped item or warning (the attribution lint) is an error:
                  write nothing, exit 65
  --force         publish even if the items folder is empty or a feed would lose
                  more than safety.max_drop of its items (the safety valve)
  --cache DIR     the parse cache's folder (default: .wirefeed-cache): a run re-reads only
                  changed items and rewrites only changed feeds; safe to delete
  --no-cache      neither read nor write the parse cache
  --secrets FILE  the partners' secrets (default: $WIREFEED_SECRETS); mode 0600, outside
                  out/ and the repository. Without it no partner feed is written
  --json          print one JSON object describing the run (for log shippers)
  --quiet         print nothing on success (problems still go to stderr)
  --debug         an internal error also prints its stack trace (as does WIREFEED_DEBUG=1)
  -h, --help      show this help
  --version       print the version

With no command, wirefeed prints this help and exits 64: it never builds by default, so a
crontab line that lost its command fails loudly.

Exit codes:
  0   done
  1   feeds built, but some items were skipped (listed on stderr); or, with --strict,
      a platform profile left items out of a partner's feed (docs/platforms/)
  64  bad command line: unknown command or option, no command, a bad --now, --limit
      or --port; partners: no secrets file, a missing or bad NAME, or a NAME it
      cannot act on (add: it has a secret; rotate, remove, handover: it has none)
  65  bad input with --strict (nothing written)
  66  the items folder is missing, unreadable or empty, or the main, a tag or a
      partner feed would lose more than safety.max_drop of its items (nothing
      written; --force overrides an empty folder and the share); serve: the
      output folder does not exist
  69  serve: the host or port cannot be used (already in use, not an address here)
  70  internal error: a bug, reported in one line naming the stage and file (the stack
      with --debug); the lock is released, nothing more is written
  73  an output file could not be written, or a FIFO, device, folder or link to a
      folder is where a feed, the lock or a cache file should be (old files kept;
      the message names it)
  75  another run holds the lock out/.wirefeed.lock, or an item file changed while
      this run read it (nothing written; the next run picks it up)
  77  the secrets file may be read by group or others, or cannot be read (nothing written)
  78  bad config, or a secrets file that is missing, malformed or inside out/ (nothing written)
  129, 130, 143  stopped by SIGHUP, SIGINT or SIGTERM: the lock is given back at once,
      and the next run removes the temp files this one left
`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  clock: () => number;
  /** stderr is a terminal: a person is watching, so a long run may show a progress line. */
  errIsTTY?: boolean;
}

/** `2026-11-26T12:00:00Z`: UTC, seconds (milliseconds only when there are some). */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summary(cmd: string, r: BuildResult, ms: number): string {
  const c = r.counts;
  const extra = [
    c.skipped ? `${c.skipped} skipped` : '',
    c.held ? `${c.held} held back` : '',
    c.withdrawn ? `${c.withdrawn} withdrawn` : '',
    c.expired ? `${c.expired} expired` : '',
  ].filter(Boolean);
  const items = `${plural(c.items, 'item')}${extra.length ? ` (${extra.join(', ')})` : ''}`;
  const warned = r.problems.filter((p) => p.severity === 'warning').length;
  const leftOut = r.problems.filter((p) => p.partner !== undefined && p.severity === 'error').length;
  const partners = leftOut ? `${plural(leftOut, 'profile error')} (items left out of those partners' feeds); ` : '';
  if (cmd === 'check')
    return `wirefeed check: ${items}; ${warned ? `${plural(warned, 'warning')}; ` : ''}${partners}${plural(r.rendered.length, 'file')} would be written`;
  const w = r.report.written.length;
  const u = r.report.unchanged.length;
  const files = w === 0 ? `nothing changed (${u} unchanged)` : `${w} written, ${u} unchanged`;
  return `wirefeed: ${items}; ${partners}feeds: ${files} in ${ms} ms`;
}

/** Each skipped item file once, with every reason it was skipped. */
function skippedItems(r: BuildResult): { file: string; reasons: string[] }[] {
  if (r.exitCode === 78) return []; // config problems, not items
  const byFile = new Map<string, string[]>();
  for (const p of r.problems) {
    // A profile's error leaves the item out of one partner's feed only: the item was not skipped.
    if (p.severity !== 'error' || p.partner !== undefined) continue;
    const where = [p.line !== undefined ? `line ${p.line}` : '', p.field ?? ''].filter(Boolean).join(', ');
    const reasons = byFile.get(p.file) ?? [];
    reasons.push(where ? `${where}: ${p.message}` : p.message);
    byFile.set(p.file, reasons);
  }
  return [...byFile].map(([file, reasons]) => ({ file, reasons }));
}

/** What a run was doing, for the one line an internal error prints. */
interface Doing {
  stage: string;
  detail?: string;
  /** Names a partner's folder by the partner, never by its token (set once the secrets are read). */
  redact?: (s: string) => string;
}

/**
 * The one line an unexpected error prints (EX_SOFTWARE, 70): what was being done and the
 * error, never a stack trace unless asked for: a cron mail or a journal line says where to look.
 */
export function internalError(err: unknown, doing: Doing, debug: boolean): string {
  const e = err instanceof Error ? err : new Error(String(err));
  const file = (e as NodeJS.ErrnoException).path;
  const where = [doing.detail, file].filter(Boolean).join(', ');
  const message = `${e.name}: ${e.message.split('\n')[0]}`;
  const line = `wirefeed: internal error while ${doing.stage}${where ? ` (${where})` : ''}: ${message}; the lock is released, nothing more was written (exit 70; --debug shows the stack)\n`;
  return debug ? `${line}${e.stack ?? ''}\n` : line;
}

export const debugEnv = () => process.env.WIREFEED_DEBUG === '1';

export async function main(argv: string[], io: Io): Promise<number> {
  const doing: Doing = { stage: 'reading the command line' };
  try {
    return await run(argv, io, doing);
  } catch (err) {
    // Whatever escaped is a bug: the run must not look like a success (1 is one for systemd).
    releaseAllSync();
    const line = internalError(err, doing, argv.includes('--debug') || debugEnv());
    io.err(doing.redact ? doing.redact(line) : line);
    return 70;
  }
}

const STAGE_WORDS: Record<BuildStage, string> = { read: 'reading the items', render: 'rendering the feeds', write: 'writing the feeds' };

/** Every option of every command (HELP names each one). */
export const OPTIONS = {
  config: { type: 'string', default: 'wirefeed.config.yaml' },
  items: { type: 'string', default: 'items' },
  out: { type: 'string' },
  now: { type: 'string' },
  limit: { type: 'string' },
  strict: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  cache: { type: 'string', default: DEFAULT_CACHE_DIR },
  'no-cache': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
  port: { type: 'string' },
  host: { type: 'string' },
  secrets: { type: 'string' },
  root: { type: 'string' },
  htpasswd: { type: 'string' },
  'no-secret': { type: 'boolean', default: false },
} as const;

async function run(argv: string[], io: Io, doing: Doing): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (err) {
    io.err(`wirefeed: ${(err as Error).message}\n\n${HELP}`);
    return 64;
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    io.out(HELP);
    return 0;
  }
  if (v.version) {
    io.out(`wirefeed ${VERSION}\n`);
    return 0;
  }
  const cmd = positionals[0];
  if (cmd === undefined) {
    io.err(HELP);
    return 64;
  }
  if (!['build', 'check', 'serve', 'partners'].includes(cmd) || positionals.length > (cmd === 'partners' ? 3 : 1)) {
    io.err(`wirefeed: unknown command "${positionals.join(' ')}"\n\n${HELP}`);
    return 64;
  }
  const secretsFile = secretsPath(v.secrets);
  if (cmd === 'partners') {
    doing.stage = 'managing partners';
    return (await import('./partners/command.js')).partnersCommand(
      { sub: positionals[1], name: positionals[2], secrets: secretsFile, configFile: v.config!, out: v.out, json: v.json!, root: v.root, htpasswd: v.htpasswd, noSecret: v['no-secret']!, now: new Date(io.clock()) },
      io,
    );
  }
  const outDir = v.out ?? 'out';
  doing.stage = cmd === 'serve' ? 'serving' : 'reading the config';
  doing.detail = cmd === 'serve' ? outDir : v.config;
  if (cmd === 'serve') return (await (await import('./serve/command.js')).serveCommand({ out: outDir, configFile: v.config!, port: v.port, host: v.host, quiet: v.quiet!, secrets: secretsFile }, io)).code;
  let access: PartnerAccess | undefined;
  if (secretsFile !== undefined) {
    try {
      checkOutsideOut(secretsFile, outDir);
      access = accessFromSecrets(secretValues(await readSecrets(secretsFile)));
    } catch (err) {
      if (!(err instanceof SecretsError)) throw err;
      io.err(`wirefeed: ${err.message}: nothing written\n`);
      return err.exitCode;
    }
  }
  // Logs, --json and messages name a partner's folder by the partner, never by its token.
  const redact = redactor(access);
  doing.redact = redact;
  const say = { out: (s: string) => io.out(redact(s)), err: (s: string) => io.err(redact(s)) };
  const started = io.clock();
  let now = started;
  if (v.now !== undefined) {
    const parsedNow = parseRfc3339(v.now);
    if (parsedNow === undefined) {
      say.err(`wirefeed: --now: expected an RFC 3339 date-time with offset, got ${JSON.stringify(v.now)}\n`);
      return 64;
    }
    now = parsedNow;
  }
  let limit: number | undefined;
  if (v.limit !== undefined) {
    limit = Number(v.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      say.err(`wirefeed: --limit: expected a positive whole number, got ${JSON.stringify(v.limit)}\n`);
      return 64;
    }
  }

  const progress =
    cmd === 'build' && io.errIsTTY && !v.json && !v.quiet
      ? (await import('./progress.js')).progressBar({ write: say.err, isTTY: true, columns: process.stderr.columns }, Number(process.env.WIREFEED_PROGRESS_AFTER_MS ?? 2000))
      : undefined;
  let result: BuildResult;
  const onStage = (stage: BuildStage, detail?: string) => {
    doing.stage = STAGE_WORDS[stage];
    doing.detail = stage === 'write' ? outDir : stage === 'read' ? v.items : detail;
    progress?.stage(stage, detail);
  };
  try {
    const options = {
      configFile: v.config!,
      itemsDir: v.items!,
      outDir,
      now,
      limit,
      strict: v.strict,
      force: v.force,
      write: cmd === 'build',
      cacheDir: v['no-cache'] ? undefined : v.cache,
      access,
      secretsHint: secretsFile ? `--secrets ${secretsFile}` : undefined,
    };
    // The quick check lists the items folder and reads the cache: the read stage, for an error's message.
    doing.stage = STAGE_WORDS.read;
    doing.detail = v.items;
    const quick = options.cacheDir !== undefined && options.write ? await quickBuild({ ...options, cacheDir: options.cacheDir }) : undefined;
    if (quick?.unchanged) result = quick.result;
    else {
      const handover = quick && !quick.unchanged ? quick.handover : undefined;
      try {
        const { build } = await import('./build.js');
        // build() goes on under the quick check's lock, from its listing, and releases the lock.
        result = await build({ ...options, onStage, ...(handover ? { handover } : {}), ...(progress ? { onParsed: progress.parsed } : {}) });
      } finally {
        // Released already unless build() stopped before its run (a bad config): releasing twice is a no-op.
        await handover?.lock.release();
      }
      if (quick) {
        // What the quick check's lock did (a stale lock taken over, temp files removed) is this run's news too.
        result.warnings = [...quick.result.warnings, ...result.warnings];
        if (quick.result.report.strayTemps) result.report.strayTemps = [...quick.result.report.strayTemps, ...(result.report.strayTemps ?? [])];
      }
    }
  } catch (err) {
    if (err instanceof PublishError) {
      say.err(`wirefeed: ${err.message}; the old files are kept\n`);
      return 73;
    }
    throw err;
  }
  progress?.done();
  doing.stage = 'reporting the run';
  doing.detail = undefined;
  const ms = Math.round(io.clock() - started);
  for (const p of result.problems) say.err(`${formatProblem(p)}\n`);
  for (const w of result.warnings) say.err(`wirefeed: warning: ${w}\n`);
  if (result.fatal) say.err(`wirefeed: ${result.fatal}\n`);
  const held = result.held.map((h) => ({ file: h.file, id: h.id, until: rfc3339(h.until), by: h.by }));
  if (v.json) {
    say.out(
      `${JSON.stringify({
        command: cmd,
        exitCode: result.exitCode,
        counts: result.counts,
        written: result.report.written,
        unchanged: result.report.unchanged,
        skipped: skippedItems(result),
        problems: result.problems,
        warnings: result.warnings,
        ...(cmd === 'check' ? { held } : {}),
        ...(result.pings.length > 0 ? { pings: result.pings } : {}),
        ...(result.report.strayTemps ? { strayTempsRemoved: result.report.strayTemps } : {}),
        ...(result.report.archivesRemoved ? { removed: result.report.archivesRemoved } : {}),
        ...(result.report.removed ? { privateFoldersRemoved: result.report.removed } : {}),
        ...(result.fatal ? { error: result.fatal } : {}),
        ...(result.refusal ? { refused: { reason: result.refusal.reason, onDisk: result.refusal.onDisk, lost: result.refusal.lost } } : {}),
        durationMs: ms,
      })}\n`,
    );
  } else if (!v.quiet) {
    // "Why is my story not out?": each held item, with the time of the first run that publishes it.
    for (const h of held) say.out(`${h.file}: held back until ${h.until} (${h.by === 'embargo' ? 'its embargo' : 'its published time'})\n`);
    if (!result.fatal) say.out(`${summary(cmd, result, ms)}\n`);
  }
  return result.exitCode;
}

// Run when executed as the bin, not when imported by tests.
const invoked = process.argv[1] ? (await import('node:fs')).realpathSync(process.argv[1]) : '';
if (invoked === (await import('node:url')).fileURLToPath(import.meta.url)) {
  // Stopped by systemd or Ctrl-C: give the lock back now rather than leave it to be judged
  // stale. Temp files are left for the next run to clear (it holds the lock when it does).
  const { constants } = await import('node:os');
  // An error outside main's reach (a callback, a stream) is a bug too: one line, 70, lock back.
  const crash = (err: unknown) => {
    releaseAllSync();
    process.stderr.write(internalError(err, { stage: 'running' }, process.argv.includes('--debug') || debugEnv()));
    process.exit(70);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  // A reader that went away (`| head`) ends that output, not the run: a build goes on to write
  // its feeds and exits with its own code. Nothing more is written to that stream.
  const gone = new Set<NodeJS.WriteStream>();
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? gone.add(stream) : crash(err)));
  const to = (stream: NodeJS.WriteStream) => (s: string) => {
    if (!gone.has(stream)) stream.write(s);
  };
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const)
    process.once(sig, () => {
      releaseAllSync();
      process.exit(128 + constants.signals[sig]);
    });
  const code = await main(process.argv.slice(2), {
    out: to(process.stdout),
    err: to(process.stderr),
    clock: () => Date.now(),
    errIsTTY: process.stderr.isTTY === true,
  });
  process.exitCode = code;
}
