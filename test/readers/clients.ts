// The real feed clients the reader matrix reads our documents with: Universal Feed Parser
// (Python feedparser, Debian's python3-feedparser) and gofeed (Go, Debian's
// golang-github-mmcdole-gofeed-dev, built here offline). Each prints JSON of what it returned.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findExecutable } from '../helpers/tools.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Debian's python3, which has python3-feedparser: not a pyenv or venv `python3` on PATH. */
const PYTHON = '/usr/bin/python3';
const GOPATH = '/usr/share/gocode';
const GOFEED_SOURCE = path.join(GOPATH, 'src/github.com/mmcdole/gofeed');

/** Why feedparser cannot run here, or undefined when it can. */
export function feedparserMissing(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import feedparser; print(feedparser.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `${PYTHON} cannot import feedparser`;
}

export const feedparserVersion = () =>
  execFileSync(PYTHON, ['-c', 'import feedparser; print(feedparser.__version__)'], { encoding: 'utf8' }).trim();

/** Why gofeed cannot be built here, or undefined when it can. */
export function gofeedMissing(): string | undefined {
  if (!findExecutable('go', ['/usr/lib/go/bin', '/usr/local/go/bin'])) return 'no go on PATH';
  return existsSync(GOFEED_SOURCE) ? undefined : `${GOFEED_SOURCE} not found`;
}

/** gofeed's version, as Debian's copy of its module file and changelog say it. */
export function gofeedVersion(): string {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'golang-github-mmcdole-gofeed-dev'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().replace(/-\d+$/, '') : 'unknown';
}

/** feedparser's reading of each file: `{file: {version, bozo, entries}}`. */
export function runFeedparser(files: string[], cwd: string): Record<string, { version: string; bozo: boolean; entries: Loose[] }> {
  const out = execFileSync(PYTHON, [path.join(HERE, 'feedparser_dump.py'), ...files], { cwd, encoding: 'utf8', maxBuffer: 256 << 20 });
  return JSON.parse(out);
}

/** Builds test/readers/gofeed-dump (GOPATH mode, Debian's sources only: no network) into `dir`. */
export function buildGofeedDump(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const bin = path.join(dir, 'gofeed-dump');
  const go = findExecutable('go', ['/usr/lib/go/bin', '/usr/local/go/bin'])!;
  execFileSync(go, ['build', '-o', bin, '.'], {
    cwd: path.join(HERE, 'gofeed-dump'),
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH,
      GOFLAGS: '',
      GOPROXY: 'off',
      // The build cache is kept between runs (a first build takes seconds); never in the repo.
      GOCACHE: process.env.GOCACHE ?? path.join(os.tmpdir(), 'wirefeed-gocache'),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return bin;
}

/** gofeed's universal reading of each file: `{file: feed}`. */
export function runGofeed(bin: string, files: string[], cwd: string): Record<string, { feedType: string; items: Loose[] }> {
  return JSON.parse(execFileSync(bin, files, { cwd, encoding: 'utf8', maxBuffer: 256 << 20 }));
}

export type Loose = Record<string, any>;
