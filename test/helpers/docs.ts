// The commands the README and docs/ show, and a sandbox to run them in: every absolute path
// they name (/srv/wirefeed, /var/www/feeds, …) is mapped to a temp folder, so a test runs the
// line as written without touching the machine.
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');

export interface Block {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  text: string;
}

/** Every fenced block of a Markdown file. */
export async function blocks(rel: string): Promise<Block[]> {
  const text = await readFile(path.join(REPO, rel), 'utf8');
  const out: Block[] = [];
  // A fence may be indented (inside a list item): its lines lose that indentation.
  const re = /^( *)```([\w-]*)\n([\s\S]*?)^\1```$/gm;
  for (const m of text.matchAll(re)) {
    const indent = m[1]!.length;
    const body = m[3]!.split('\n').map((l) => (l.slice(0, indent).trim() === '' ? l.slice(indent) : l)).join('\n');
    out.push({ file: rel, line: text.slice(0, m.index).split('\n').length, lang: m[2]!, text: body });
  }
  return out;
}

export interface Sandbox {
  root: string;
  /** The checkout as a clone has it after `npm ci` (node_modules linked), with no tests or docs. */
  checkout: string;
  items: string;
  out: string;
  cache: string;
  /** The line with each documented path replaced by its sandbox folder. */
  map(line: string): string;
  remove(): Promise<void>;
}

export async function sandbox(): Promise<Sandbox> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'wirefeed-docs-'));
  const checkout = path.join(root, 'srv-wirefeed');
  await mkdir(checkout);
  for (const f of ['dist', 'src', 'package.json', 'package-lock.json', 'tsconfig.json', 'wirefeed.config.yaml', 'items']) await cp(path.join(REPO, f), path.join(checkout, f), { recursive: true });
  await symlink(path.join(REPO, 'node_modules'), path.join(checkout, 'node_modules'));
  const items = path.join(root, 'newsroom-items');
  await cp(path.join(REPO, 'items'), items, { recursive: true });
  const out = path.join(root, 'www-feeds');
  const cache = path.join(root, 'cache-wirefeed');
  // What the install step (`install -d`) and systemd's CacheDirectory= create.
  await mkdir(out);
  await mkdir(cache);
  const secrets = path.join(root, 'etc-wirefeed');
  await mkdir(secrets, { mode: 0o700 });
  const paths: [string, string][] = [
    ['/usr/bin/node', process.execPath],
    ['/srv/wirefeed', checkout],
    ['/srv/newsroom/items', items],
    ['/var/www/feeds', out],
    ['/var/cache/wirefeed', cache],
    // The partners' secrets file and the nginx files `wirefeed partners nginx` writes.
    ['/etc/wirefeed', secrets],
    ['/etc/nginx/wirefeed', path.join(root, 'etc-nginx-wirefeed')],
    ['/var/www', path.join(root, 'www')],
  ];
  const map = (line: string) => {
    let s = line;
    for (const [from, to] of paths) s = s.replace(new RegExp(`(^|[\\s=])${from.replace(/[/.]/g, '\\$&')}(?=[/\\s]|$)`, 'g'), `$1${to}`);
    return s;
  };
  return { root, checkout, items, out, cache, map, remove: () => rm(root, { recursive: true, force: true }) };
}
