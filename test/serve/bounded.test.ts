// Issue 9, point 11: `serve` and WebSub stay bounded. Over real HTTP on 127.0.0.1: a folder's
// redirect never leaves the server (no protocol-relative Location, whatever the slashes), a
// symlink to a hidden file is not served, a large file arrives whole and the same (streamed,
// its ETag stable, its gzip body cached by ETag); a hub that answers with an endless body is
// read up to a small cap and the ping still succeeds.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_BODY_CAP, pingTopic } from '../../src/publish/websub.js';
import { createPreviewServer } from '../../src/serve/server.js';
import { rawGet } from '../partners/helpers.js';

let tmp: string;
let root: string;
let server: http.Server;
let port: number;
const big = Buffer.concat([Buffer.from('<?xml version="1.0"?>\n<feed>'), Buffer.from(randomBytes(6 * 1024 * 1024).toString('hex')), Buffer.from('</feed>\n')]);

const request = (target: string, headers: Record<string, string> = {}) => rawGet(port, target, headers);

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-bounded-'));
  root = path.join(tmp, 'out');
  await mkdir(path.join(root, 'evil.example.org'), { recursive: true });
  await writeFile(path.join(root, 'evil.example.org', 'index.html'), '<p>inside</p>\n');
  await writeFile(path.join(root, '.wirefeed.lock'), '{"pid":1}\n');
  await mkdir(path.join(root, '.hidden'));
  await writeFile(path.join(root, '.hidden', 'x.json'), '{}\n');
  await symlink(path.join(root, '.wirefeed.lock'), path.join(root, 'leak.json'));
  await symlink(path.join(root, '.hidden'), path.join(root, 'shown'));
  await mkdir(path.join(root, 'archive'));
  await writeFile(path.join(root, 'archive', 'atom.xml'), big);
  server = await createPreviewServer({ root });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(tmp, { recursive: true, force: true });
});

describe('serve', () => {
  it('redirects a folder only to a path on this server, whatever the slashes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.constantFrom('evil.example.org', 'archive'), fc.constantFrom('', '?q=1'), async (slashes, name, query) => {
        const r = await request(`${'/'.repeat(slashes)}${name}${query}`);
        expect(r.status).toBe(301);
        const location = r.headers.location!;
        expect(location.startsWith('//'), location).toBe(false);
        expect(new URL(location, `http://127.0.0.1:${port}/`).host).toBe(`127.0.0.1:${port}`);
        expect(location).toBe(`/${name}/`);
      }),
      { numRuns: 20 },
    );
  });

  it('never serves a hidden file or folder through a symlink', async () => {
    expect((await request('/leak.json')).status).toBe(404);
    expect((await request('/shown/x.json')).status).toBe(404);
    expect((await request('/.wirefeed.lock')).status).toBe(404);
  });

  it('streams a large file whole, with a stable ETag, and gzips it once per ETag', async () => {
    const a = await request('/archive/atom.xml');
    expect(a.status).toBe(200);
    expect(a.body.equals(big)).toBe(true);
    expect(Number(a.headers['content-length'])).toBe(big.length);
    const b = await request('/archive/atom.xml');
    expect(b.headers.etag).toBe(a.headers.etag);
    const g1 = await request('/archive/atom.xml', { 'accept-encoding': 'gzip' });
    const g2 = await request('/archive/atom.xml', { 'accept-encoding': 'gzip' });
    expect(g1.headers.etag).toBe(`${a.headers.etag!.slice(0, -1)}-gzip"`);
    expect(gunzipSync(g1.body).equals(big)).toBe(true);
    expect(g2.body.equals(g1.body)).toBe(true);
    expect((await request('/archive/atom.xml', { 'if-none-match': a.headers.etag! })).status).toBe(304);
  });
});

describe('a WebSub hub with an endless answer', () => {
  it('is read up to the cap, the rest cancelled; the ping succeeds', async () => {
    let sent = 0;
    let closed = false;
    let onClose!: () => void;
    const gone = new Promise<void>((r) => (onClose = r));
    const hub = http.createServer((req, res) => {
      req.resume();
      res.writeHead(202, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const more = () => {
        while (!closed && sent < 64 * HUB_BODY_CAP) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        if (!closed) res.end();
      };
      res.on('close', () => {
        closed = true;
        onClose();
      });
      more();
    });
    await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`;
      const result = await pingTopic(url, 'https://news.example.org/feeds/rss.xml', { retries: 0, timeoutMs: 30_000 });
      expect(result).toMatchObject({ ok: true, status: 202, attempts: 1 });
      // The hub sees its answer cut off (the connection closed) long before it is all sent.
      await gone;
      expect(closed).toBe(true);
      expect(sent).toBeLessThan(64 * HUB_BODY_CAP);
    } finally {
      hub.closeAllConnections();
      await new Promise((r) => hub.close(r));
    }
  });
});
