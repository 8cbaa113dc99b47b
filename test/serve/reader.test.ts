// A reader subscribes: `wirefeed serve` runs as a real process; the feeds are fetched like a
// feed reader does (the second time conditionally: 304), a story is added, `wirefeed build`
// runs again, and exactly that one story appears, in every format.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Parser from 'rss-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';

const FIXTURE = path.resolve('test/fixtures/archive');
const NEW_URL = 'https://archive.example.org/stories/k-nov-25';
const run = promisify(execFile);

let tmp: string;
let items: string;
let out: string;
let serve: ChildProcess;
let base: string;

async function buildFeeds(): Promise<string> {
  const { stdout } = await run(process.execPath, [
    'dist/cli.js', 'build', '--config', path.join(FIXTURE, 'wirefeed.config.yaml'),
    '--items', items, '--out', out, '--now', '2026-11-26T12:00:00Z',
  ]);
  return stdout;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-reader-'));
  items = path.join(tmp, 'items');
  out = path.join(tmp, 'out');
  await cp(path.join(FIXTURE, 'items'), items, { recursive: true });
  await buildFeeds();
  serve = spawn(process.execPath, ['dist/cli.js', 'serve', '--out', out, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // The first line names the address it bound.
  base = await new Promise<string>((resolve, reject) => {
    let text = '';
    serve.stdout!.setEncoding('utf8');
    serve.stdout!.on('data', (c: string) => {
      text += c;
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
      if (m) resolve(m[1]!);
    });
    serve.once('exit', (code) => reject(new Error(`wirefeed serve exited with ${code}`)));
  });
});

afterAll(async () => {
  if (serve.exitCode === null) {
    const exited = new Promise((r) => serve.once('exit', r));
    serve.kill('SIGTERM');
    await exited;
  }
  await rm(tmp, { recursive: true, force: true });
});

const reader = new Parser();

/** The item URLs of a feed body, read the way a reader library reads it. */
async function itemUrls(file: string, body: string): Promise<string[]> {
  if (file.endsWith('.json')) return JSON.parse(body).items.map((i: { url: string }) => i.url);
  const feed = await reader.parseString(body);
  return feed.items.map((i) => i.link!);
}

interface Seen {
  etag: string;
  lastModified: string;
  urls: string[];
}

async function fetchFeed(file: string, seen?: Seen): Promise<{ status: number; seen?: Seen }> {
  const headers: Record<string, string> = { 'accept-encoding': 'gzip' };
  if (seen) {
    headers['if-none-match'] = seen.etag;
    headers['if-modified-since'] = seen.lastModified;
  }
  const res = await fetch(new URL(file, base), { headers });
  if (res.status !== 200) {
    await res.arrayBuffer();
    return { status: res.status };
  }
  const body = await res.text(); // fetch undoes the gzip
  return {
    status: 200,
    seen: { etag: res.headers.get('etag')!, lastModified: res.headers.get('last-modified')!, urls: await itemUrls(file, body) },
  };
}

it('a reader polls, gets 304 while nothing changed, and sees exactly the one new story', async () => {
  const files = ['rss.xml', 'atom.xml', 'feed.json'];
  const first: Record<string, Seen> = {};
  for (const f of files) {
    const r = await fetchFeed(f);
    expect(r.status, f).toBe(200);
    expect(r.seen!.urls, f).toHaveLength(3);
    first[f] = r.seen!;
    expect((await fetchFeed(f, first[f])).status, `${f} polled again`).toBe(304);
  }

  // An unchanged rebuild leaves the files, and so the validators, alone.
  expect(await buildFeeds()).toMatch(/nothing changed/);
  for (const f of files) expect((await fetchFeed(f, first[f])).status, f).toBe(304);

  await writeFile(
    path.join(items, 'k-nov-25.md'),
    `---\ntitle: Reykjavik airport reopens\nurl: ${NEW_URL}\npublished: 2026-11-25T10:00:00Z\nauthors:\n  - name: NTB\n---\nThe airport reopened on Wednesday.\n`,
  );
  await buildFeeds();
  for (const f of files) {
    const r = await fetchFeed(f, first[f]);
    expect(r.status, f).toBe(200);
    const fresh = r.seen!.urls.filter((u) => !first[f]!.urls.includes(u));
    expect(fresh, f).toEqual([NEW_URL]);
    expect(r.seen!.urls[0], f).toBe(NEW_URL);
    // And the next poll is quiet again.
    expect((await fetchFeed(f, r.seen)).status, f).toBe(304);
  }
});
