// The preview server, over real HTTP on 127.0.0.1: media types, validators, conditional
// requests, gzip, HEAD, and nothing outside the served folder in any spelling.
import { mkdir, mkdtemp, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPreviewServer } from '../../src/serve/server.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let tmp: string;
let root: string;
let server: http.Server;
let port: number;

/** A raw request: the path is sent exactly as given, `..` and all (fetch would normalise it). */
function request(target: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const FILES: Record<string, string> = {
  'rss.xml': '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Göteborg</title></channel></rss>\n',
  'atom.xml': '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Åsa</title></feed>\n',
  'feed.json': '{"version":"https://jsonfeed.org/version/1.1","title":"Zelensky","items":[]}\n',
  'feeds.opml': '<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0"><head><title>Feeds</title></head><body/></opml>\n',
  'index.html': '<!doctype html><title>Feeds</title><p>Every feed.</p>\n',
  'tags/world/rss.xml': '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>World</title></channel></rss>\n',
  'archive/2026-10/feed.json': '{"version":"https://jsonfeed.org/version/1.1","title":"Zelensky","items":[]}\n',
  '.wirefeed.lock': '{"pid":1}\n',
  '.rss.xml.0123456789ab.tmp': 'half a feed',
};

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-serve-'));
  root = path.join(tmp, 'out');
  for (const [rel, text] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  // Outside the served folder: a secret, and symlinks inside that lead to it.
  await writeFile(path.join(tmp, 'secret.txt'), 'secret\n');
  await mkdir(path.join(tmp, 'private'));
  await writeFile(path.join(tmp, 'private', 'rss.xml'), 'private\n');
  await symlink(path.join(tmp, 'secret.txt'), path.join(root, 'leak.xml'));
  await symlink(path.join(tmp, 'private'), path.join(root, 'leakdir'));
  await symlink('../secret.txt', path.join(root, 'relative-leak.txt'));
  // A symlink that stays inside is fine.
  await symlink('rss.xml', path.join(root, 'latest.xml'));
  server = await createPreviewServer({ root });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await rm(tmp, { recursive: true, force: true });
});

describe('content types', () => {
  it.each([
    ['/rss.xml', 'application/rss+xml; charset=utf-8'],
    ['/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/feed.json', 'application/feed+json; charset=utf-8'],
    ['/feeds.opml', 'text/x-opml; charset=utf-8'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/', 'text/html; charset=utf-8'],
    ['/tags/world/rss.xml', 'application/rss+xml; charset=utf-8'],
    ['/archive/2026-10/feed.json', 'application/feed+json; charset=utf-8'],
  ])('%s is %s, with the file as its body', async (target, type) => {
    const r = await request(target);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(type);
    const file = target === '/' ? 'index.html' : target.slice(1);
    expect(r.body.toString('utf8')).toBe(FILES[file]);
    expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(FILES[file]!));
  });
});

describe('validators and conditional requests', () => {
  it('a strong ETag that follows the content, and Last-Modified from the file', async () => {
    const a = await request('/feed.json');
    const b = await request('/archive/2026-10/feed.json');
    const c = await request('/rss.xml');
    expect(a.headers.etag).toMatch(/^"[^"]+"$/);
    expect(a.headers.etag).toBe(b.headers.etag); // same bytes, same tag
    expect(a.headers.etag).not.toBe(c.headers.etag);
    expect((await request('/feed.json')).headers.etag).toBe(a.headers.etag);
    // The file's second, from mtimeMs: a stat's `mtime` Date is rounded to the millisecond, which
    // in the last half millisecond of a second is the next second (a flake, one run in 2,000).
    const { mtimeMs } = await stat(path.join(root, 'feed.json'));
    expect(a.headers['last-modified']).toBe(new Date(Math.floor(mtimeMs / 1000) * 1000).toUTCString());
  });

  it('Last-Modified is the second the file was modified in, however close to the next (as nginx sends it)', async () => {
    const file = path.join(root, 'tags/edge/rss.xml');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, FILES['rss.xml']!);
    // 0.4 ms before a second ends: a Date made from this mtime rounds up into the next second.
    await utimes(file, 1764672000.9996, 1764672000.9996);
    expect((await request('/tags/edge/rss.xml')).headers['last-modified']).toBe(new Date(Date.UTC(2025, 11, 2, 10, 40, 0)).toUTCString());
  });

  it('304 for a matching If-None-Match, in any of its spellings', async () => {
    const { headers } = await request('/atom.xml');
    const tag = headers.etag!;
    for (const inm of [tag, `"nope", ${tag}`, `W/${tag}`, '*']) {
      const r = await request('/atom.xml', { headers: { 'if-none-match': inm } });
      expect(r.status, inm).toBe(304);
      expect(r.body.length).toBe(0);
      expect(r.headers.etag).toBe(tag);
      expect(r.headers['last-modified']).toBe(headers['last-modified']);
    }
    expect((await request('/atom.xml', { headers: { 'if-none-match': '"nope"' } })).status).toBe(200);
  });

  it('304 for If-Modified-Since at or after Last-Modified; If-None-Match wins when both are sent', async () => {
    const { headers } = await request('/rss.xml');
    const lm = headers['last-modified']!;
    expect((await request('/rss.xml', { headers: { 'if-modified-since': lm } })).status).toBe(304);
    const later = new Date(Date.parse(lm) + 60_000).toUTCString();
    expect((await request('/rss.xml', { headers: { 'if-modified-since': later } })).status).toBe(304);
    const earlier = new Date(Date.parse(lm) - 1000).toUTCString();
    expect((await request('/rss.xml', { headers: { 'if-modified-since': earlier } })).status).toBe(200);
    expect((await request('/rss.xml', { headers: { 'if-modified-since': 'yesterday' } })).status).toBe(200);
    expect((await request('/rss.xml', { headers: { 'if-none-match': '"old"', 'if-modified-since': lm } })).status).toBe(200);
  });

  it('a changed file answers the old validators with 200 and new ones', async () => {
    const file = path.join(root, 'tags/world/rss.xml');
    const before = await request('/tags/world/rss.xml');
    await writeFile(file, FILES['tags/world/rss.xml']!.replace('World', 'World news'));
    // A later mtime, as a new build would leave.
    const t = new Date(Date.parse(before.headers['last-modified']!) + 5000);
    await utimes(file, t, t);
    const after = await request('/tags/world/rss.xml', {
      headers: { 'if-none-match': before.headers.etag!, 'if-modified-since': before.headers['last-modified']! },
    });
    expect(after.status).toBe(200);
    expect(after.body.toString()).toContain('World news');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.headers['last-modified']).toBe(t.toUTCString());
    expect((await request('/tags/world/rss.xml', { headers: { 'if-modified-since': before.headers['last-modified']! } })).status).toBe(200);
  });
});

describe('gzip', () => {
  it('gzips when Accept-Encoding allows it, with its own ETag and Vary', async () => {
    const plain = await request('/atom.xml');
    const zipped = await request('/atom.xml', { headers: { 'accept-encoding': 'br, gzip;q=0.8' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(zipped.body).toString('utf8')).toBe(FILES['atom.xml']);
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    // Revalidating the gzipped copy gives 304.
    const again = await request('/atom.xml', { headers: { 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.etag! } });
    expect(again.status).toBe(304);
  });

  it.each([['gzip;q=0'], ['br'], ['identity'], ['']])('sends the file as it is for Accept-Encoding %j', async (ae) => {
    const r = await request('/atom.xml', { headers: ae ? { 'accept-encoding': ae } : {} });
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.toString('utf8')).toBe(FILES['atom.xml']);
  });

  it('"*" allows gzip', async () => {
    expect((await request('/atom.xml', { headers: { 'accept-encoding': '*' } })).headers['content-encoding']).toBe('gzip');
  });
});

describe('methods', () => {
  it('HEAD has the headers of GET and no body', async () => {
    const get = await request('/feed.json', { headers: { 'accept-encoding': 'gzip' } });
    const head = await request('/feed.json', { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const h of ['content-type', 'content-length', 'etag', 'last-modified', 'content-encoding', 'vary']) expect(head.headers[h], h).toBe(get.headers[h]);
  });

  it('anything but GET and HEAD is 405 with Allow', async () => {
    const r = await request('/rss.xml', { method: 'POST' });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD');
  });
});

describe('nothing outside out/', () => {
  it('the secret exists, so a 404 below means refused rather than missing', async () => {
    expect((await stat(path.join(tmp, 'secret.txt'))).isFile()).toBe(true);
  });

  const secretAbs = () => path.join(tmp, 'secret.txt');
  const attempts: [string, () => string][] = [
    ['..', () => '/../secret.txt'],
    ['.. deeper', () => '/tags/../../secret.txt'],
    ['encoded %2e%2e', () => '/%2e%2e/secret.txt'],
    ['encoded %2E%2E and slash', () => '/%2E%2E%2Fsecret.txt'],
    ['encoded inside a folder', () => '/tags/..%2f..%2fsecret.txt'],
    ['double-encoded', () => '/%252e%252e/secret.txt'],
    ['backslash', () => '/..%5csecret.txt'],
    ['single dot', () => '/./rss.xml'],
    ['absolute path', () => secretAbs()],
    ['absolute path, encoded', () => `/${encodeURIComponent(secretAbs())}`],
    ['double slash', () => `/${secretAbs()}`],
    ['absolute-form request target', () => `http://127.0.0.1:${port}/../secret.txt`],
    ['symlink to a file outside', () => '/leak.xml'],
    ['relative symlink to a file outside', () => '/relative-leak.txt'],
    ['symlink to a folder outside', () => '/leakdir/rss.xml'],
    ['NUL byte', () => '/rss.xml%00.txt'],
    ['the lock file', () => '/.wirefeed.lock'],
    ['a temp file of a run in progress', () => '/.rss.xml.0123456789ab.tmp'],
    ['missing file', () => '/nope.xml'],
  ];
  it.each(attempts)('%s → 404', async (_name, target) => {
    const r = await request(target());
    expect(r.status).toBe(404);
    expect(r.body.toString()).not.toContain('secret');
    expect(r.body.toString()).not.toContain('private');
  });

  it('a malformed escape is 400', async () => {
    expect((await request('/%E0%A4%A')).status).toBe(400);
  });

  it('a symlink that stays inside out/ is served', async () => {
    const r = await request('/latest.xml');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe(FILES['rss.xml']);
  });

  it('a folder without its slash is redirected, so relative links in its index work', async () => {
    const r = await request('/tags');
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/tags/');
    expect((await request('/tags/')).status).toBe(404); // no index.html there
  });
});
