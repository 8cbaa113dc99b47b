// `wirefeed partners add|rotate|remove|list|handover|nginx`: the secrets file and what the
// newsroom hands over. Never prints a secret, except in `handover` (the text for the partner).
import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { z } from 'zod';
import { fieldsOf } from '../fields.js';
import { formatProblem } from '../validate.js';
import { accessFromSecrets, NEWSROOM } from './access.js';
import { handoverText, newsroomPage, partnerEntry } from './handover.js';
import { NGINX_FILES, nginxFiles } from './nginx.js';
import { checkOutsideOut, newSecret, readSecrets, SecretsError, secretValues, writeSecrets, type SecretsFile } from './secrets.js';

export interface PartnersArgs {
  sub: string | undefined;
  name: string | undefined;
  /** --secrets or WIREFEED_SECRETS */
  secrets: string | undefined;
  configFile: string;
  /** The feeds' output folder (the secrets file must not be in it); for `nginx`, where its files go. */
  out: string | undefined;
  json: boolean;
  /** nginx: its `root` for the feeds (root + the feeds URL's path = the published out/). */
  root?: string;
  /** nginx: where the htpasswd file will be on the server. */
  htpasswd?: string;
  /** handover: leave the password out ("sent separately"). */
  noSecret: boolean;
  now: Date;
}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const PARTNER_COMMANDS = ['add', 'rotate', 'remove', 'list', 'handover', 'nginx'] as const;

class Refused extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

async function config(file: string, io: Io): Promise<Config> {
  const loaded = await loadConfig(file);
  if (loaded.ok) return loaded.config;
  for (const p of loaded.problems) io.err(`${formatProblem(p)}\n`);
  throw new Refused('bad config', 78);
}

function needName(args: PartnersArgs): string {
  const name = args.name;
  if (!name) throw new Refused(`partners ${args.sub}: which partner? (wirefeed partners ${args.sub} NAME)`, 64);
  // The config's own rule for a partner's name: a secret for a name the config refuses would never be used.
  const shape = fieldsOf(z).slug.safeParse(name);
  if (!shape.success) throw new Refused(`partners ${args.sub}: ${JSON.stringify(name)} is not a partner name: ${shape.error.issues[0]!.message}`, 64);
  return name;
}

async function run(args: PartnersArgs, io: Io): Promise<number> {
  if (!args.sub || !(PARTNER_COMMANDS as readonly string[]).includes(args.sub))
    throw new Refused(`partners: expected one of ${PARTNER_COMMANDS.join(', ')}`, 64);
  const file = args.secrets;
  if (!file) throw new Refused(`partners ${args.sub}: no secrets file: give --secrets FILE or set WIREFEED_SECRETS (outside the repository and outside out/)`, 64);
  const hint = `--secrets ${file}`;
  checkOutsideOut(file, 'out');
  if (args.out && args.sub !== 'nginx') checkOutsideOut(file, args.out);
  const created = args.now.toISOString().replace(/\.\d+Z$/, 'Z');

  if (args.sub === 'add' || args.sub === 'rotate' || args.sub === 'remove') {
    const name = needName(args);
    const s: SecretsFile = await readSecrets(file, args.sub === 'add');
    if (args.sub === 'add') {
      if (name === NEWSROOM) throw new Refused(`partners add: "${NEWSROOM}" is the newsroom's own credential, made with the first partner; rotate it with \`wirefeed partners rotate ${NEWSROOM} ${hint}\``, 64);
      if (s.partners[name]) throw new Refused(`partners add: "${name}" already has a secret; to replace it: wirefeed partners rotate ${name} ${hint}`, 64);
      s.partners[name] = { secret: newSecret(), created };
    } else if (args.sub === 'rotate') {
      if (name === NEWSROOM) {
        if (!s.newsroom) throw new Refused(`partners rotate: no newsroom credential yet; it is made with the first \`wirefeed partners add NAME\``, 64);
      } else if (!s.partners[name]) throw new Refused(`partners rotate: "${name}" has no secret; give it one: wirefeed partners add ${name} ${hint}`, 64);
      if (name === NEWSROOM) s.newsroom = { secret: newSecret(), created };
      else s.partners[name] = { secret: newSecret(), created };
    } else {
      if (!s.partners[name]) throw new Refused(`partners remove: "${name}" has no secret`, 64);
      delete s.partners[name];
    }
    const madeNewsroom = !s.newsroom && args.sub !== 'remove';
    if (madeNewsroom) s.newsroom = { secret: newSecret(), created };
    await writeSecrets(file, s);
    const what =
      args.sub === 'add'
        ? `partner "${name}": secret created`
        : args.sub === 'rotate'
          ? `${name === NEWSROOM ? 'the newsroom' : `partner "${name}"`}: secret rotated`
          : `partner "${name}": secret removed`;
    io.out(`wirefeed: ${what} in ${file}${madeNewsroom ? `, and the newsroom's own credential (user "${NEWSROOM}")` : ''}\n`);
    if (args.sub === 'remove') io.out(`wirefeed: the next build removes its documents\n`);
    else {
      io.out(`wirefeed: the next build writes ${name === NEWSROOM ? 'the private page' : 'its documents'} at ${args.sub === 'rotate' ? 'a new address and removes the old one' : 'their address'}\n`);
      if (name !== NEWSROOM) io.out(`wirefeed: hand it over with: wirefeed partners handover ${name} ${hint}\n`);
      io.out(`wirefeed: with nginx, regenerate its rules: wirefeed partners nginx ${hint} --out DIR\n`);
    }
    // Only warn: the secret may come before the partner's config entry.
    const cfg = await loadConfig(args.configFile);
    if (cfg.ok && name !== NEWSROOM && args.sub !== 'remove' && !cfg.config.partners.some((p) => p.name === name))
      io.err(`wirefeed: warning: ${args.configFile} has no partner "${name}": no feed is written for it until it does\n`);
    return 0;
  }

  const s = await readSecrets(file);
  const values = secretValues(s);
  const access = accessFromSecrets(values);
  if (args.sub === 'nginx') {
    if (!args.out) throw new Refused('partners nginx: where to write its files? --out DIR', 64);
    const cfg = await config(args.configFile, io);
    const outDir = path.resolve(args.out);
    const htpasswdPath = args.htpasswd ?? path.join(outDir, NGINX_FILES.htpasswd);
    const files = nginxFiles({ base: new URL(cfg.site.feeds_base).pathname, root: args.root ?? '/var/www', htpasswdPath, secrets: values });
    await mkdir(outDir, { recursive: true });
    for (const [kind, body] of Object.entries(files) as [keyof typeof NGINX_FILES, string][]) {
      const target = path.join(outDir, NGINX_FILES[kind]);
      const tmp = path.join(outDir, `.${NGINX_FILES[kind]}.${randomBytes(6).toString('hex')}.tmp`);
      // The hashes are not the secrets, but nobody but nginx needs them: 0640 (chgrp it to nginx's group).
      const handle = await open(tmp, 'wx', kind === 'htpasswd' ? 0o640 : 0o644);
      try {
        await handle.writeFile(body);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, target);
      io.out(`wirefeed: wrote ${target}\n`);
    }
    io.out(`wirefeed: include ${NGINX_FILES.map} in http {} and ${NGINX_FILES.location} in the server {} of the feeds; then nginx -t && systemctl reload nginx\n`);
    return 0;
  }

  const cfg = await config(args.configFile, io);
  if (args.sub === 'list') {
    const entries = cfg.partners.map((p) => partnerEntry(cfg, p, access));
    const unconfigured = Object.keys(s.partners).filter((n) => !cfg.partners.some((p) => p.name === n));
    if (args.json) {
      io.out(`${JSON.stringify({ secrets: file, newsroom: newsroomPage(cfg, access), partners: entries, ...(unconfigured.length ? { unconfigured } : {}) })}\n`);
      return 0;
    }
    for (const e of entries) {
      io.out(`${e.name} (${e.title})\n`);
      if (!e.feeds) io.out(`  no secret: its feeds are not written; run: ${e.todo} ${hint}\n`);
      for (const f of e.formats) if (e.feeds?.[f]) io.out(`  ${f.padEnd(5)} ${e.feeds[f]}\n`);
      if (e.opml) io.out(`  opml  ${e.opml}\n`);
      if (e.ninjs) io.out(`  ninjs ${e.ninjs}\n`);
      if (e.feeds) io.out(`  auth  the URL itself (static hosting), or HTTP Basic as "${e.auth.httpBasic.user}" with its secret (wirefeed serve, nginx)\n`);
    }
    const page = newsroomPage(cfg, access);
    io.out(page.page ? `newsroom page (user "${NEWSROOM}"): ${page.page}\n` : `no newsroom credential: run wirefeed partners add NAME ${hint}\n`);
    for (const n of unconfigured) io.out(`${n}: a secret, but no partner "${n}" in ${args.configFile}\n`);
    return 0;
  }
  // handover
  const name = needName(args);
  const partner = cfg.partners.find((p) => p.name === name);
  if (!partner) throw new Refused(`partners handover: ${args.configFile} has no partner "${name}"`, 64);
  if (!s.partners[name]) throw new Refused(`partners handover: "${name}" has no secret; give it one: wirefeed partners add ${name} ${hint}`, 64);
  io.out(handoverText(cfg, partner, access, args.noSecret ? undefined : s.partners[name]!.secret));
  return 0;
}

export async function partnersCommand(args: PartnersArgs, io: Io): Promise<number> {
  try {
    return await run(args, io);
  } catch (err) {
    if (err instanceof Refused) {
      if (err.message !== 'bad config') io.err(`wirefeed: ${err.message}\n`);
      else io.err('wirefeed: bad config: nothing done\n');
      return err.code;
    }
    if (err instanceof SecretsError) {
      io.err(`wirefeed: ${err.message}\n`);
      return err.exitCode;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code) {
      io.err(`wirefeed: partners ${args.sub}: cannot write (${e.code})\n`);
      return 73;
    }
    throw err;
  }
}
