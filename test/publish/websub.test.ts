// WebSub: every feed names the hub and itself; after a run, the hub gets one publish ping per
// feed document that changed, and nothing when nothing changed. A dead or slow hub is reported
// and never costs the output. The hub here is a real HTTP server on 127.0.0.1.
import { execFile } from 'node:child_process';
import { readdir, readFile, rm, mkdtemp, cp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { build, loadConfig, type Config } from '../../src/index.js';
import { pingTopic } from '../../src/publish/websub.js';
import { testAccess } from '../helpers/partners.js';

const FIXTURE = path.resolve('test/fixtures/archive');
const BASE = 'https://archive.example.org/feeds/';
const NOW = Date.parse('2026-11-26T12:00:00Z');

interface Ping {
  method: string;
  contentType: string;
  form: Record<string, string[]>;
}

/** A hub that records every request; `answer` decides each response (default 204). */
async function startHub(answer: (n: number, res: http.ServerResponse) => void = (_n, res) => res.writeHead(204).end()) {
  const pings: Ping[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const params = new URLSearchParams(body);
      const form: Record<string, string[]> = {};
      for (const k of new Set(params.keys())) form[k] = params.getAll(k);
      pings.push({ method: req.method!, contentType: req.headers['content-type'] ?? '', form });
      answer(pings.length, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`;
  return {
    url,
    pings,
    topics: () => pings.map((p) => p.form['hub.url']?.[0] ?? '').sort(),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A port nothing listens on: bound, then released. */
async function deadPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function fixtureConfig(hub: string): Promise<Config> {
  const loaded = await loadConfig(path.join(FIXTURE, 'wirefeed.config.yaml'));
  if (!loaded.ok) throw new Error('fixture config does not load');
  return { ...loaded.config, hub };
}

// The fixture's partner has a secret: its documents are written, under partners/<token>/.
const access = testAccess(['nordpress']);

/** Every feed document on disk, as its URL: the public ones, or (private) the partners'. */
async function feedUrlsOnDisk(out: string, which: 'public' | 'private' = 'public'): Promise<string[]> {
  const files = (await readdir(out, { recursive: true })).filter((f) => /(^|\/)(rss\.xml|atom\.xml|feed\.json)$/.test(f));
  const urls = files.map((f) => BASE + f.split(path.sep).join('/')).sort();
  return urls.filter((u) => u.startsWith(`${BASE}partners/`) === (which === 'private'));
}

let tmp: string;
let out: string;
let items: string;
const closers: (() => Promise<void>)[] = [];
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-websub-'));
  out = path.join(tmp, 'out');
  items = path.join(tmp, 'items');
  await cp(path.join(FIXTURE, 'items'), items, { recursive: true });
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await rm(tmp, { recursive: true, force: true });
});

describe('WebSub publish pings', () => {
  it('every public feed document carries rel=hub and rel=self; a partner\'s, rel=self only (a hub would learn its private URL)', async () => {
    const hub = await startHub();
    closers.push(hub.close);
    await build({ config: await fixtureConfig(hub.url), itemsDir: items, outDir: out, now: NOW, access });
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' });
    const urls = await feedUrlsOnDisk(out);
    const partnerUrls = await feedUrlsOnDisk(out, 'private');
    expect(urls.length).toBe(24);
    expect(partnerUrls.length).toBe(9);
    for (const url of [...urls, ...partnerUrls]) {
      const isPartner = partnerUrls.includes(url);
      const text = await readFile(path.join(out, url.slice(BASE.length)), 'utf8');
      let links: Record<string, string>;
      if (url.endsWith('.json')) {
        const f = JSON.parse(text);
        links = { self: f.feed_url, hub: f.hubs?.[0]?.url };
        expect(f.hubs).toEqual(isPartner ? undefined : [{ type: 'WebSub', url: hub.url }]);
      } else {
        const doc = xml.parse(text);
        const raw = url.endsWith('rss.xml') ? doc.rss.channel['atom:link'] : doc.feed.link;
        links = Object.fromEntries([raw].flat().map((l: Record<string, string>) => [l['@_rel'], l['@_href']]));
      }
      expect(links.self).toBe(url);
      expect(links.hub).toBe(isPartner ? undefined : hub.url);
    }
  });

  it('pings exactly the changed public feeds, once each, never a partner\'s; nothing when nothing changed', async () => {
    const hub = await startHub();
    closers.push(hub.close);
    const config = await fixtureConfig(hub.url);

    const first = await build({ config, itemsDir: items, outDir: out, now: NOW, access });
    expect(first.exitCode).toBe(0);
    expect(hub.topics()).toEqual(await feedUrlsOnDisk(out));
    for (const p of hub.pings) {
      expect(p.method).toBe('POST');
      expect(p.contentType).toBe('application/x-www-form-urlencoded');
      expect(Object.keys(p.form).sort()).toEqual(['hub.mode', 'hub.url']);
      expect(p.form['hub.mode']).toEqual(['publish']);
    }
    expect(first.pings.every((p) => p.ok && p.attempts === 1 && p.status === 204)).toBe(true);

    hub.pings.length = 0;
    const second = await build({ config, itemsDir: items, outDir: out, now: NOW, access });
    expect(second.report.written).toEqual([]);
    expect(hub.pings).toEqual([]);

    // A correction to a September story changes September's archives (main, its tag and the
    // partner's), nothing else; the partner's is written but not pinged.
    const file = path.join(items, 'd-sep-15.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('Helsinki sets date', 'Helsinki fixes date'));
    const third = await build({ config, itemsDir: items, outDir: out, now: NOW, access });
    expect(third.report.written.filter((p) => p.startsWith('partners/') && /\/archive\/2026-09\//.test(p))).toHaveLength(3);
    expect(hub.topics()).toEqual(
      ['archive/2026-09', 'tags/nordic/archive/2026-09'].flatMap((d) => ['atom.xml', 'feed.json', 'rss.xml'].map((f) => `${BASE}${d}/${f}`)),
    );
  });

  it("a partner's ninjs index is never a topic and names no hub (the hub would learn its private URL)", async () => {
    const hub = await startHub();
    closers.push(hub.close);
    const base = await fixtureConfig(hub.url);
    const config: Config = { ...base, partners: base.partners.map((p) => ({ ...p, formats: ['json', 'ninjs'] })) };
    await build({ config, itemsDir: items, outDir: out, now: NOW, access });
    const indexes = (await readdir(out, { recursive: true }))
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => /\/ninjs\/(index|archive\/[^/]+)\.json$/.test(f))
      .map((f) => BASE + f)
      .sort();
    expect(indexes.length).toBeGreaterThan(1);
    expect(hub.topics()).toEqual(await feedUrlsOnDisk(out));
    for (const url of indexes) {
      expect(url.startsWith(`${BASE}partners/`)).toBe(true);
      const links = JSON.parse(await readFile(path.join(out, url.slice(BASE.length)), 'utf8')).links;
      expect([links.self, links.hub]).toEqual([url, undefined]);
    }
  });

  it('a dead hub is reported as a warning; the build succeeds and the feeds are on disk', async () => {
    const hubUrl = `http://127.0.0.1:${await deadPort()}/hub`;
    const r = await build({ config: await fixtureConfig(hubUrl), itemsDir: items, outDir: out, now: NOW, ping: { retryDelayMs: 10 }, access });
    expect(r.exitCode).toBe(0);
    expect(r.fatal).toBeUndefined();
    expect(r.pings).toHaveLength(24);
    // The first few (one per concurrent request) find the hub down after a retry; the rest are not tried.
    const tried = r.pings.filter((p) => p.attempts > 0);
    expect(tried.length).toBeGreaterThanOrEqual(1);
    expect(tried.length).toBeLessThanOrEqual(4);
    for (const p of tried) expect(p).toMatchObject({ ok: false, attempts: 2, error: 'ECONNREFUSED' });
    for (const p of r.pings.filter((p) => p.attempts === 0))
      expect(p).toMatchObject({ ok: false, error: 'not tried: the hub was unreachable (ECONNREFUSED)' });
    expect(r.warnings).toEqual([
      expect.stringMatching(new RegExp(`^WebSub hub ${hubUrl} was not told about 24 of 24 changed feeds \\(ECONNREFUSED, 2 attempts\\): `)),
    ]);
    const main = JSON.parse(await readFile(path.join(out, 'feed.json'), 'utf8'));
    expect(main.items).toHaveLength(3);
  });

  it('the CLI with a dead hub: exit 0, a warning on stderr, the output written', async () => {
    const hubUrl = `http://127.0.0.1:${await deadPort()}/hub`;
    const configFile = path.join(tmp, 'wirefeed.config.yaml');
    await writeFile(configFile, `${await readFile(path.join(FIXTURE, 'wirefeed.config.yaml'), 'utf8')}\nhub: ${hubUrl}\n`);
    const run = promisify(execFile);
    const { stdout, stderr } = await run(
      process.execPath,
      ['dist/cli.js', 'build', '--config', configFile, '--items', items, '--out', out, '--now', '2026-11-26T12:00:00Z'],
      { encoding: 'utf8' },
    );
    expect(stdout).toMatch(/^wirefeed: 11 items; feeds: \d+ written/);
    // Without a secrets file the partner's feeds are not written (one warning), and nothing of it is pinged.
    expect(stderr).toMatch(
      new RegExp(
        `^wirefeed: warning: no secrets file \\(--secrets FILE or WIREFEED_SECRETS\\): partner feeds not written for "nordpress"; see docs/partners-operator.md\n` +
          `wirefeed: warning: WebSub hub ${hubUrl} was not told about 24 of 24 changed feeds \\(ECONNREFUSED, 2 attempts\\): ${BASE}\\S+, \\S+, \\S+ and 21 more; the feeds are published[^\n]*\n$`,
      ),
    );
    expect(JSON.parse(await readFile(path.join(out, 'feed.json'), 'utf8')).items).toHaveLength(3);
  });
});

describe('one ping: timeout and retry', () => {
  it('retries once after a timeout, and succeeds', async () => {
    // The first request never gets an answer; the second does.
    const hub = await startHub((n, res) => {
      if (n > 1) res.writeHead(202).end();
    });
    closers.push(hub.close);
    const r = await pingTopic(hub.url, `${BASE}rss.xml`, { timeoutMs: 300, retryDelayMs: 10 });
    expect(r).toMatchObject({ ok: true, attempts: 2, status: 202 });
    expect(hub.pings).toHaveLength(2);
  });

  it('gives up after one retry when the hub keeps failing, and says why', async () => {
    const hub = await startHub((_n, res) => res.writeHead(503).end());
    closers.push(hub.close);
    const r = await pingTopic(hub.url, `${BASE}rss.xml`, { retryDelayMs: 10 });
    expect(r).toMatchObject({ ok: false, attempts: 2, status: 503, error: 'HTTP 503 Service Unavailable' });
    expect(hub.pings).toHaveLength(2);
  });

  it('does not retry a request the hub refused (4xx)', async () => {
    const hub = await startHub((_n, res) => res.writeHead(400).end('unknown topic'));
    closers.push(hub.close);
    const r = await pingTopic(hub.url, `${BASE}rss.xml`, { retryDelayMs: 10 });
    expect(r).toMatchObject({ ok: false, attempts: 1, status: 400 });
    expect(hub.pings).toHaveLength(1);
  });

  it('a hub that never answers: both attempts time out', async () => {
    const hub = await startHub(() => {});
    closers.push(hub.close);
    const r = await pingTopic(hub.url, `${BASE}rss.xml`, { timeoutMs: 200, retryDelayMs: 10 });
    expect(r).toMatchObject({ ok: false, attempts: 2, error: 'no answer within 200 ms' });
    expect(hub.pings).toHaveLength(2);
  });
});
