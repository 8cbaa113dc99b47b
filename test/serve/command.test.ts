// `wirefeed serve` as a command: where it listens, and what it says when it cannot.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import { partnerToken } from '../../src/partners/access.js';
import { serveCommand } from '../../src/serve/command.js';
import { writeTestSecrets } from '../helpers/partners.js';
import { get } from '../partners/helpers.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-serve-cmd-'));
  await writeFile(path.join(tmp, 'rss.xml'), '<rss version="2.0"><channel><title>t</title></channel></rss>\n');
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), clock: () => 0 } };
}

describe('wirefeed serve', () => {
  it('listens on 127.0.0.1 by default, on the port the config names', async () => {
    const config = path.join(tmp, 'serve.config.yaml');
    await writeFile(
      config,
      'site:\n  title: T\n  home: https://example.org/\n  feeds_base: https://example.org/feeds/\n  language: en\nserve:\n  port: 0\n',
    );
    const o = io();
    const { code, running } = await serveCommand({ out: tmp, configFile: config, quiet: true }, o.io);
    try {
      expect(code).toBe(0);
      const addr = running!.server.address() as AddressInfo;
      expect(addr.address).toBe('127.0.0.1');
      expect(o.out.join('')).toBe(`wirefeed serve: ${tmp} at http://127.0.0.1:${addr.port}/ (Ctrl-C to stop)\n`);
      const res = await fetch(new URL('rss.xml', running!.url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    } finally {
      await running?.close();
    }
  });

  it('logs each request with the partner named instead of its token, after a rotation too', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-serve-log-'));
    const secrets = path.join(tmp, 'log-secrets.json');
    const A = 'A'.repeat(43);
    const C = 'C'.repeat(44); // another size: the server sees the file change within the same mtime too
    for (const s of [A, C]) {
      await mkdir(path.join(out, 'partners', partnerToken(s, 'alpha')), { recursive: true });
      await writeFile(path.join(out, 'partners', partnerToken(s, 'alpha'), 'rss.xml'), '<rss/>\n');
    }
    await writeTestSecrets(secrets, { partners: { alpha: A }, newsroom: 'N'.repeat(43) });
    const o = io();
    const { code, running } = await serveCommand({ out, configFile: path.join(tmp, 'none.yaml'), port: '0', quiet: false, secrets }, o.io);
    try {
      expect(code).toBe(0);
      const port = (running!.server.address() as AddressInfo).port;
      expect((await get(port, `/partners/${partnerToken(A, 'alpha')}/rss.xml`, { user: 'alpha', password: A })).status).toBe(200);
      await writeTestSecrets(secrets, { partners: { alpha: C }, newsroom: 'N'.repeat(43) });
      expect((await get(port, `/partners/${partnerToken(C, 'alpha')}/rss.xml`, { user: 'alpha', password: C })).status).toBe(200);
      // A line is logged once its response is done, which may be just after the client has it.
      await vi.waitFor(() => expect(o.out.slice(1)).toEqual(['GET /partners/[alpha]/rss.xml 200\n', 'GET /partners/[alpha]/rss.xml 200\n']));
    } finally {
      await running?.close();
      await rm(out, { recursive: true, force: true });
    }
  });

  it('a port in use: exit 69, saying so', async () => {
    const busy = http.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as AddressInfo).port;
    try {
      const o = io();
      expect(await main(['serve', '--out', tmp, '--port', String(port), '--config', path.join(tmp, 'none.yaml')], o.io)).toBe(69);
      expect(o.err.join('')).toBe(`wirefeed: 127.0.0.1:${port} is already in use; choose another with --port\n`);
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
  });

  it('a folder that does not exist: exit 66', async () => {
    const o = io();
    const missing = path.join(tmp, 'nope');
    expect(await main(['serve', '--out', missing, '--port', '0', '--config', path.join(tmp, 'none.yaml')], o.io)).toBe(66);
    expect(o.err.join('')).toBe(`wirefeed: ${missing}: no such folder; run \`wirefeed build\` first\n`);
  });

  it.each([['70000'], ['-1'], ['http'], ['8080x']])('--port %s: exit 64', async (port) => {
    const o = io();
    expect(await main(['serve', '--out', tmp, `--port=${port}`, '--config', path.join(tmp, 'none.yaml')], o.io)).toBe(64);
    expect(o.err.join('')).toMatch(/^wirefeed: --port: expected a port number from 0 to 65535, got /);
  });

  it('a bad config: exit 78, naming the key', async () => {
    const config = path.join(tmp, 'bad.config.yaml');
    await writeFile(
      config,
      'site:\n  title: T\n  home: https://example.org/\n  feeds_base: https://example.org/feeds/\n  language: en\nserve:\n  port: 99999\n',
    );
    const o = io();
    expect(await main(['serve', '--out', tmp, '--config', config], o.io)).toBe(78);
    expect(o.err.join('')).toMatch(/serve\.port/);
  });

  it('--help lists it', async () => {
    const o = io();
    expect(await main(['--help'], o.io)).toBe(0);
    expect(o.out.join('')).toMatch(/^ {2}wirefeed serve \[--out DIR\] \[--port N\] \[--host ADDR\] \[--secrets FILE\]$/m);
  });
});
