// Private partner delivery, end to end through the command line: secrets made by `partners
// add`, a build, then the two deployments over real HTTP on 127.0.0.1 — `wirefeed serve
// --secrets` and Debian's nginx with what `wirefeed partners nginx` wrote — each asked by an
// unauthenticated client, by every partner, by the newsroom, with wrong credentials and with
// guessed paths. Then a rotation, the public files, and a scan for any secret anywhere.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { policyText } from '../../src/discovery/private.js';
import { accessFromSecrets, type PartnerAccess } from '../../src/partners/access.js';
import { needs } from '../helpers/tools.js';
import { freePort, get, listening, start, type Child } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const NGINX = '/usr/sbin/nginx';
const HAVE_NGINX = needs('nginx', existsSync(NGINX) ? undefined : `${NGINX} does not exist`);
const NOW = '2026-11-26T12:00:00Z';
const PARTNERS = ['nordpress', 'baltic-daily', 'wirewatch'] as const;
const TITLES = ['Nordpress', 'Baltic Daily', 'Wirewatch'];

interface Run {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}
/** Every command run, for the scan of what they printed. */
const runs: Run[] = [];
function cli(...args: string[]): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, WIREFEED_SECRETS: '' } });
  const run = { args, code: r.status, stdout: r.stdout, stderr: r.stderr };
  runs.push(run);
  return run;
}

let tmp: string;
let www: string;
let out: string;
let cache: string;
let secretsFile: string;
let configFile: string;
let secrets: { partners: Record<string, string>; newsroom: string };
let access: PartnerAccess;
/** Every secret this test has seen, before and after the rotation. */
const allSecrets = new Set<string>();

async function readSecretValues(): Promise<void> {
  const doc = JSON.parse(await readFile(secretsFile, 'utf8')) as { newsroom: { secret: string }; partners: Record<string, { secret: string }> };
  secrets = { newsroom: doc.newsroom.secret, partners: Object.fromEntries(Object.entries(doc.partners).map(([n, c]) => [n, c.secret])) };
  access = accessFromSecrets(secrets);
  allSecrets.add(secrets.newsroom);
  for (const s of Object.values(secrets.partners)) allSecrets.add(s);
}

async function tree(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Each private document (relative to out/) and whose it is: a partner's name or "admin". */
async function privateFiles(): Promise<{ rel: string; owner: string }[]> {
  const byToken = new Map<string, string>([...access.tokens].map(([n, t]) => [t, n]));
  byToken.set(access.newsroom!, 'admin');
  return (await tree(path.join(out, 'partners'))).map((f) => ({ rel: `partners/${f}`, owner: byToken.get(f.split('/')[0]!)! }));
}

function build(): Run {
  const r = cli('build', '--config', configFile, '--out', out, '--cache', cache, '--now', NOW, '--secrets', secretsFile, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r;
}

interface Server {
  port: number;
  /** The URL path out/ is served at. */
  prefix: string;
  child: Child;
  restart?: () => Promise<void>;
}
const servers: Partial<Record<'serve' | 'nginx', Server>> = {};

async function startServe(): Promise<Server> {
  const child = start(process.execPath, [CLI, 'serve', '--config', configFile, '--out', out, '--port', '0', '--secrets', secretsFile], { cwd: ROOT });
  for (;;) {
    const m = /at http:\/\/127\.0\.0\.1:(\d+)\//.exec(child.stdout.join(''));
    if (m) return { port: Number(m[1]), prefix: '', child };
    if (child.proc.exitCode !== null) throw new Error(`serve exited: ${child.stderr.join('')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function startNginx(): Promise<Server> {
  const conf = path.join(tmp, 'nginx');
  const gen = cli('partners', 'nginx', '--secrets', secretsFile, '--config', configFile, '--out', conf, '--root', www);
  expect(gen.code, gen.stderr).toBe(0);
  const port = await freePort();
  await mkdir(path.join(tmp, 'logs'), { recursive: true });
  await writeFile(
    path.join(tmp, 'nginx.conf'),
    // Started as root, nginx's workers would drop to "nobody", who cannot read a private temp
    // folder: they run as the test's user instead (without root the directive is ignored).
    `${process.getuid?.() === 0 ? `user ${os.userInfo().username};\n` : ''}pid ${tmp}/nginx.pid;
error_log ${tmp}/logs/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  access_log ${tmp}/logs/access.log;
  client_body_temp_path ${tmp}/temp; proxy_temp_path ${tmp}/temp; fastcgi_temp_path ${tmp}/temp; uwsgi_temp_path ${tmp}/temp; scgi_temp_path ${tmp}/temp;
  include ${conf}/wirefeed-partners.map.conf;
  server {
    listen 127.0.0.1:${port};
    location /feeds/ { root ${www}; disable_symlinks on; location ~ /\\. { return 404; } }
    include ${conf}/wirefeed-partners.location.conf;
  }
}
`,
  );
  await mkdir(path.join(tmp, 'temp'), { recursive: true });
  const launch = async () => {
    const child = start(NGINX, ['-p', tmp, '-e', `${tmp}/logs/error.log`, '-c', path.join(tmp, 'nginx.conf'), '-g', 'daemon off;']);
    await listening(port, child.proc);
    return child;
  };
  const server: Server = { port, prefix: '/feeds', child: await launch() };
  server.restart = async () => {
    await server.child.stop();
    const again = cli('partners', 'nginx', '--secrets', secretsFile, '--config', configFile, '--out', conf, '--root', www);
    expect(again.code, again.stderr).toBe(0);
    server.child = await launch();
  };
  return server;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-delivery-'));
  www = path.join(tmp, 'www');
  out = path.join(www, 'feeds');
  cache = path.join(tmp, 'cache');
  await mkdir(path.join(tmp, 'etc'));
  secretsFile = path.join(tmp, 'etc', 'secrets.json');
  configFile = path.join(tmp, 'wirefeed.config.yaml');
  // The sample config with small partner feeds, so that each partner has archive documents too.
  await writeFile(configFile, (await readFile(path.join(ROOT, 'wirefeed.config.yaml'), 'utf8')).replaceAll('limit: 20', 'limit: 3'));
  for (const p of PARTNERS) expect(cli('partners', 'add', p, '--secrets', secretsFile, '--config', configFile).code).toBe(0);
  await readSecretValues();
  build();
  servers.serve = await startServe();
  if (HAVE_NGINX) servers.nginx = await startNginx();
}, 60_000);

afterAll(async () => {
  for (const s of Object.values(servers)) await s?.child.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

it('the build wrote every partner its feeds, archives and OPML, and the newsroom its page, under token folders', async () => {
  const files = await privateFiles();
  for (const p of PARTNERS) {
    const own = files.filter((f) => f.owner === p).map((f) => f.rel.split('/').slice(2).join('/'));
    expect(own).toEqual(expect.arrayContaining(['rss.xml', 'feed.json', 'feeds.opml']));
    expect(own.some((f) => f.startsWith('archive/')), p).toBe(true);
  }
  expect(files.filter((f) => f.owner === 'admin').map((f) => f.rel.split('/').slice(2).join('/'))).toEqual(['index.html']);
  expect(files.every((f) => f.owner !== undefined)).toBe(true);
});

const KINDS = ['serve', 'nginx'] as const;

describe.each(KINDS)('%s', (kind) => {
  const skip = kind === 'nginx' && !HAVE_NGINX;
  const server = () => servers[kind]!;
  const at = (rel: string) => `${server().prefix}/${rel}`;
  const login = (user: string, password: string) => ({ user, password });

  it.skipIf(skip)('serves the public feeds to anyone', async () => {
    for (const f of ['rss.xml', 'feeds.opml', 'index.html', 'tags/climate/atom.xml']) expect((await get(server().port, at(f))).status, f).toBe(200);
  });

  it.skipIf(skip)('an unauthenticated client reads nothing private: 401 with WWW-Authenticate for every document', async () => {
    const files = await privateFiles();
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const r = await get(server().port, at(f.rel));
      expect(r.status, f.rel).toBe(401);
      expect(r.headers['www-authenticate'], f.rel).toMatch(/^Basic realm="wirefeed partners"/);
      expect(r.body.includes(await readFile(path.join(out, f.rel))), f.rel).toBe(false);
    }
  });

  it.skipIf(skip)('a wrong secret, an unknown partner or a partner\'s secret under another name gets the same 401', async () => {
    const rel = (await privateFiles()).find((f) => f.owner === 'nordpress' && f.rel.endsWith('/rss.xml'))!.rel;
    const tries = [
      login('nordpress', secrets.partners.wirewatch!),
      login('nordpress', `${secrets.partners.nordpress!}x`),
      login('nordpress', ''),
      login('nobody', secrets.partners.nordpress!),
      login('admin', secrets.partners.nordpress!),
      login('wirewatch', secrets.partners.nordpress!),
    ];
    const bodies = new Set<string>();
    for (const t of tries) {
      const r = await get(server().port, at(rel), t);
      expect(r.status, t.user).toBe(401);
      bodies.add(r.body.toString());
    }
    expect(bodies.size).toBe(1);
  });

  it.skipIf(skip)("each partner's credential opens its own documents, archives included, and nothing else", async () => {
    for (const p of PARTNERS) {
      for (const f of await privateFiles()) {
        const r = await get(server().port, at(f.rel), login(p, secrets.partners[p]!));
        if (f.owner === p) {
          expect(r.status, `${p} ${f.rel}`).toBe(200);
          expect(r.body.equals(await readFile(path.join(out, f.rel))), f.rel).toBe(true);
          if (f.rel.endsWith('/rss.xml')) expect(r.headers['content-type']).toMatch(/^application\/rss\+xml/);
        } else expect(r.status, `${p} reading ${f.owner}'s ${f.rel}`).toBe(404);
      }
    }
  });

  it.skipIf(skip)("the newsroom's credential opens its page and every partner's documents", async () => {
    for (const f of await privateFiles()) expect((await get(server().port, at(f.rel), login('admin', secrets.newsroom))).status, f.rel).toBe(200);
    const page = await get(server().port, at(`partners/${access.newsroom}/`), login('admin', secrets.newsroom));
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('id="partner-wirewatch"');
  });

  it.skipIf(skip)("the same 404 for a folder that does not exist as for another partner's", async () => {
    const me = login('nordpress', secrets.partners.nordpress!);
    const other = await get(server().port, at(`partners/${access.tokens.get('wirewatch')}/rss.xml`), me);
    const none = await get(server().port, at('partners/AAAAAAAAAAAAAAAAAAAAAA/rss.xml'), me);
    expect([other.status, none.status]).toEqual([404, 404]);
    expect(other.body.toString()).toBe(none.body.toString());
  });

  it.skipIf(skip)('guessing paths reads nothing private, with or without a credential', async () => {
    const own = access.tokens.get('nordpress')!;
    const other = access.tokens.get('wirewatch')!;
    const newsroom = access.newsroom!;
    const guesses = [
      'partners/',
      'partners',
      'partners/nordpress/rss.xml',
      'partners/wirewatch/rss.xml',
      `partners/${other}`,
      `partners/${other}/`,
      `partners/${other}/rss.xml?x=1`,
      `partners/${own}/../${other}/rss.xml`,
      `partners/${own}/%2e%2e/${other}/rss.xml`,
      `partners/${own}/..%2f${other}/rss.xml`,
      `%70artners/${other}/rss.xml`,
      `partners//${other}/rss.xml`,
      `tags/../partners/${other}/rss.xml`,
      `partners/${other.toLowerCase()}/rss.xml`,
      `partners/${other.slice(0, 21)}/rss.xml`,
      `partners/${newsroom}`,
      `partners/${newsroom}/`,
      `partners/${newsroom}/index.html`,
      `partners/${own}/.wirefeed.lock`,
    ];
    const privateBodies = await Promise.all((await privateFiles()).filter((f) => f.owner !== 'nordpress').map((f) => readFile(path.join(out, f.rel))));
    for (const auth of [undefined, login('nordpress', secrets.partners.nordpress!)]) {
      for (const g of guesses) {
        const r = await get(server().port, at(g), auth);
        // nginx adds the slash to the folder everyone knows exists (the layout is documented), and only to it.
        if (r.status === 301) expect([g, r.headers.location]).toEqual(['partners', expect.stringMatching(new RegExp(`${at('partners/')}$`))]);
        else expect([400, 401, 404], `${auth?.user ?? 'anonymous'} ${g}: ${r.status}`).toContain(r.status);
        for (const b of privateBodies) expect(r.body.includes(b)).toBe(false);
      }
    }
  });
});

describe('a rotation takes effect on the next run', () => {
  let old: { token: string; secret: string };
  let rotated: Run;
  beforeAll(async () => {
    old = { token: access.tokens.get('nordpress')!, secret: secrets.partners.nordpress! };
    const r = cli('partners', 'rotate', 'nordpress', '--secrets', secretsFile, '--config', configFile);
    expect(r.code, r.stderr).toBe(0);
    await readSecretValues();
    rotated = build();
    if (servers.nginx) await servers.nginx.restart!();
  });

  it('moves its documents to a new folder and removes the old one; the others stay', async () => {
    const token = access.tokens.get('nordpress')!;
    expect(token).not.toBe(old.token);
    expect(existsSync(path.join(out, 'partners', old.token))).toBe(false);
    expect(existsSync(path.join(out, 'partners', token, 'rss.xml'))).toBe(true);
    expect(existsSync(path.join(out, 'partners', access.tokens.get('wirewatch')!, 'rss.xml'))).toBe(true);
    expect(JSON.parse(rotated.stdout).privateFoldersRemoved).toBe(1);
  });

  it.each(KINDS)('%s: the old secret and the old address open nothing; the new ones work', async (kind) => {
    if (kind === 'nginx' && !HAVE_NGINX) return;
    const s = servers[kind]!;
    const at = (rel: string) => `${s.prefix}/${rel}`;
    const fresh = { user: 'nordpress', password: secrets.partners.nordpress! };
    expect((await get(s.port, at(`partners/${access.tokens.get('nordpress')}/rss.xml`), { user: 'nordpress', password: old.secret })).status).toBe(401);
    expect((await get(s.port, at(`partners/${old.token}/rss.xml`), fresh)).status).toBe(404);
    expect((await get(s.port, at(`partners/${access.tokens.get('nordpress')}/rss.xml`), fresh)).status).toBe(200);
  });
});

describe('the public files', () => {
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
  /** Every string a reader gets out of the file: text, attributes, JSON values. */
  function strings(file: string, text: string): string[] {
    const found: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') found.push(v);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (found.push(k), walk(x));
    };
    if (/\.(xml|opml)$/.test(file)) walk(xml.parse(text));
    else if (file.endsWith('.json')) walk(JSON.parse(text));
    else if (file.endsWith('.html')) {
      const visit = (n: { data?: string; attribs?: Record<string, string>; children?: unknown[] }): void => {
        if (n.data) found.push(n.data);
        if (n.attribs) found.push(...Object.values(n.attribs));
        for (const c of n.children ?? []) visit(c as typeof n);
      };
      visit(parseDocument(text) as never);
    } else throw new Error(`unexpected public file ${file}`);
    return found;
  }

  it('name no partner: no name, title, token, private path or policy, parsed or raw', async () => {
    const parsed = parseConfig(await readFile(configFile, 'utf8'), configFile);
    if (!parsed.ok) throw new Error('config');
    const needles = [
      ...PARTNERS,
      ...TITLES,
      'partners/',
      ...[...access.tokens.values(), access.newsroom!],
      ...parsed.config.partners.flatMap((p) => policyText(p).filter((s) => !/^Stories on every subject/.test(s))),
    ];
    const files = (await tree(out)).filter((f) => !f.startsWith('partners/') && !path.basename(f).startsWith('.'));
    expect(files).toEqual(expect.arrayContaining(['index.html', 'feeds.opml', 'rss.xml', 'atom.xml', 'feed.json', 'archive/2026-10/rss.xml', 'tags/climate/feed.json']));
    for (const f of files) {
      const text = await readFile(path.join(out, f), 'utf8');
      const all = [text, ...strings(f, text)];
      for (const n of needles) expect(all.some((s) => s.includes(n)), `${f} contains ${JSON.stringify(n)}`).toBe(false);
    }
  });
});

describe('no secret anywhere but the secrets file and the handover', () => {
  it('handover prints the URLs, formats, login and policy, the password only when asked to; list --json never', async () => {
    const h = cli('partners', 'handover', 'wirewatch', '--secrets', secretsFile, '--config', configFile);
    expect(h.code).toBe(0);
    const parsed = parseConfig(await readFile(configFile, 'utf8'), configFile);
    if (!parsed.ok) throw new Error('config');
    for (const sentence of policyText(parsed.config.partners.find((p) => p.name === 'wirewatch')!)) expect(h.stdout).toContain(sentence);
    for (const f of ['RSS 2.0:', 'Atom 1.0:', 'JSON Feed 1.1:', `feeds.opml`, 'user:     wirewatch']) expect(h.stdout).toContain(f);
    expect(h.stdout).toContain(`password: ${secrets.partners.wirewatch}`);
    expect(h.stdout).toContain(`https://news.example.org/feeds/partners/${access.tokens.get('wirewatch')}/rss.xml`);
    runs.splice(runs.indexOf(h), 1); // the one place a secret is meant to be printed
    const quiet = cli('partners', 'handover', 'wirewatch', '--secrets', secretsFile, '--config', configFile, '--no-secret');
    expect(quiet.stdout).toContain('password: (sent to you separately)');
    const list = cli('partners', 'list', '--json', '--secrets', secretsFile, '--config', configFile);
    const doc = JSON.parse(list.stdout) as { partners: { name: string; feeds: Record<string, string>; auth: { httpBasic: { user: string } } }[] };
    expect(doc.partners.map((p) => [p.name, p.auth.httpBasic.user, p.feeds.rss])).toEqual(
      PARTNERS.map((p) => [p, p, `https://news.example.org/feeds/partners/${access.tokens.get(p)}/rss.xml`]),
    );
    // Errors that name the secrets file never quote it.
    cli('build', '--config', configFile, '--out', out, '--secrets', path.join(out, 'x.json'));
  });

  it('in no output line, --json, cache file, feed, nginx file or server log; build and serve logs carry no token', async () => {
    const texts: [string, string][] = [];
    for (const r of runs) texts.push([`wirefeed ${r.args.join(' ')}`, r.stdout + r.stderr]);
    for (const [kind, s] of Object.entries(servers)) texts.push([`${kind} output`, s!.child.stdout.join('') + s!.child.stderr.join('')]);
    for (const dir of [out, cache, path.join(tmp, 'nginx'), path.join(tmp, 'logs')])
      for (const f of await tree(dir)) texts.push([path.join(dir, f), await readFile(path.join(dir, f), 'utf8')]);
    expect(texts.length).toBeGreaterThan(50);
    expect(allSecrets.size).toBe(5);
    for (const [where, text] of texts) for (const secret of allSecrets) expect(text.includes(secret), where).toBe(false);
    // Build and serve lines name partners, not their capability URLs.
    const tokens = [...access.tokens.values(), access.newsroom!];
    const logs = [...runs.filter((r) => r.args[0] === 'build').map((r) => r.stdout + r.stderr), servers.serve!.child.stdout.join('')];
    expect(servers.serve!.child.stdout.join('')).toMatch(/GET \/partners\/\[nordpress\]\/rss\.xml 200/);
    for (const l of logs) for (const t of tokens) expect(l.includes(t)).toBe(false);
  });
});
