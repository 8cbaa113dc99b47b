// A generator of realistic items in DESIGN.md's schema, with a fixed seed: the same size
// always gives the same files, so runs on different days and machines compare.
//
//   node dist-bench/generate.js --size 10000 --out bench/.data/items-10k
//
// Items look like a newsroom's wire desk: Markdown with YAML front matter (one in ten is
// JSON), 1–3 KB bodies with paragraphs, links and an image, authors from a list of
// agencies, contributors with roles, tags, photos with caption and credit. A few are
// embargoed, withdrawn or future-dated, as in a real archive.
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

/** Bumped when the generator changes what it writes: cached data sets are regenerated. */
export const GENERATOR_VERSION = 1;
export const SEED = 20261126;
/** The items span four years up to this time; the benchmark's --now. */
export const BENCH_NOW = '2026-11-26T12:00:00Z';
const NOW_MS = Date.parse(BENCH_NOW);
const SPAN_MS = 4 * 365 * 24 * 3600 * 1000;

/** mulberry32: small, fast, and the same sequence everywhere. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AGENCIES = [
  { name: 'TT News Agency', url: 'https://tt.se/' },
  { name: 'NTB', url: 'https://www.ntb.no/' },
  { name: 'Reuters', url: 'https://www.reuters.com/' },
  { name: 'AP', url: 'https://apnews.com/' },
  { name: 'Ritzau', url: 'https://ritzau.dk/' },
  { name: 'STT', url: 'https://stt.fi/' },
];
const EDITORS = ['Sweden Herald', 'Nordic Wire Desk', 'Åsa Öberg', 'Jonas Lindqvist', 'Maria Kowalska'];
const ROLES = ['English edition', 'translation', 'editing', 'additional reporting'];
const PHOTOGRAPHERS = ['Markus Schreiber', 'Fredrik Sandberg', 'Heiko Junge', 'Emilio Morenatti', 'Lise Åserud', 'Jessica Gow'];
const TAGS = [
  'Ukraine', 'Russia', 'USA', 'Sweden', 'Norway', 'Denmark', 'Finland', 'Göteborg', 'Stockholm', 'Oslo', 'economy',
  'energy', 'climate', 'elections', 'football', 'culture', 'health', 'technology', 'defence', 'EU', 'NATO', 'weather',
  'crime', 'transport', 'science',
];
const PLACES = ['Miami', 'Göteborg', 'Kyiv', 'Brussels', 'Oslo', 'Stockholm', 'Helsinki', 'Copenhagen', 'Geneva', 'Malmö'];
const SUBJECTS = ['talks', 'negotiations', 'the budget', 'a strike', 'the storm', 'the election', 'energy prices', 'the match', 'the summit'];
const WORDS = (
  'the government said on sunday that negotiations would continue next week after both sides described the meetings as ' +
  'productive and constructive although no breakthrough was reported officials in the capital declined to comment on the ' +
  'details of the proposal which according to several sources includes a timetable for further meetings and a framework ' +
  'for monitoring the agreement critics warned that the plan does not address the underlying questions and said that ' +
  'parliament must be consulted before any decision is taken the minister is expected to present the figures on tuesday'
).split(' ');

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const q = (s: string) => JSON.stringify(s); // a YAML double-quoted scalar is a JSON string

function sentence(r: () => number): string {
  const n = 8 + Math.floor(r() * 14);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(pick(r, WORDS));
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

function paragraph(r: () => number): string {
  const n = 2 + Math.floor(r() * 3);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(sentence(r));
  return out.join(' ');
}

export interface GeneratedItem {
  name: string;
  text: string;
}

/** Item number `n` of a data set of `size` items, spread evenly over four years up to BENCH_NOW. */
export function generateItem(n: number, size: number): GeneratedItem {
  const r = rng(SEED ^ Math.imul(n + 1, 2654435761));
  // Whole seconds, as newsroom systems write them; the newest few land after BENCH_NOW (future-dated).
  const published = Math.floor((NOW_MS - SPAN_MS + (n / size) * SPAN_MS + r() * 3_600_000) / 1000) * 1000;
  const place = pick(r, PLACES);
  const subject = pick(r, SUBJECTS);
  const title = `${pick(r, ['Constructive', 'Tense', 'Long', 'Surprising', 'Quiet'])} ${subject} in ${place} (${n})`;
  const month = iso(published).slice(0, 7);
  const slug = `${month}-${subject.replace(/[^a-z]+/gi, '-').toLowerCase()}-${n}`;
  const url = `https://news.example.org/${month.replace('-', '/')}/${slug}`;
  const agency = pick(r, AGENCIES);
  const authors = [agency, ...(r() < 0.2 ? [pick(r, AGENCIES.filter((a) => a !== agency))] : [])];
  const contributors = r() < 0.7 ? [{ name: pick(r, EDITORS), role: pick(r, ROLES) }] : [];
  const tags = [...new Set([pick(r, TAGS), pick(r, TAGS), ...(r() < 0.5 ? [pick(r, TAGS)] : [])])];
  const withImage = r() < 0.85;
  const photographer = pick(r, PHOTOGRAPHERS);
  const image = withImage
    ? {
        url: `https://images.example.org/${month}/${n}.jpg`,
        caption: `${place}: ${sentence(r)}`,
        credit: `${photographer}/${pick(r, AGENCIES).name === 'AP' ? 'AP' : agency.name === 'TT News Agency' ? 'AP/TT' : agency.name}`,
        width: 1200,
        height: 800,
      }
    : undefined;
  const updated = r() < 0.1 ? published + Math.floor(r() * 86_400) * 1000 : undefined;
  const roll = r();
  const embargo = roll < 0.005 ? published + 2 * 3_600_000 : undefined;
  const withdrawn = roll > 0.995;
  const summary = sentence(r);
  const paragraphs: string[] = [];
  const bodyParas = 3 + Math.floor(r() * 6);
  for (let i = 0; i < bodyParas; i++) {
    let p = paragraph(r);
    if (i === 1) p += ` [Read the earlier report](/${month.replace('-', '/')}/earlier-${n}) or see [the agency's page](${agency.url}).`;
    paragraphs.push(p);
    if (i === 2 && r() < 0.3) paragraphs.push(`## ${pick(r, ['Double messages', 'Not improving', 'Background', 'Reactions'])}`);
  }
  if (withImage) paragraphs.splice(1, 0, `![${place}](/images/${month}/${n}-inline.jpg)`);
  const body = paragraphs.join('\n\n');
  const base = {
    title,
    url,
    published: iso(published),
    ...(updated ? { updated: iso(updated) } : {}),
    summary,
    language: r() < 0.1 ? 'sv' : 'en',
    authors,
    contributors,
    ...(r() < 0.3 ? { source: { name: agency.name, url: `${agency.url}story/${n}` } } : {}),
    ...(image ? { image } : {}),
    tags,
    rights: `© ${iso(published).slice(0, 4)} ${agency.name}. Used under licence.`,
    ...(r() < 0.05 ? { license: 'https://creativecommons.org/licenses/by/4.0/' } : {}),
    syndication: { partners: r() < 0.1 ? 'none' : 'all', ...(embargo ? { embargo: iso(embargo) } : {}) },
    ...(withdrawn ? { withdrawn: true } : {}),
  };
  if (n % 10 === 7) {
    const html = paragraphs.map((p) => (p.startsWith('## ') ? `<h2>${p.slice(3)}</h2>` : `<p>${p}</p>`)).join('\n');
    return { name: `${month}/${slug}.json`, text: `${JSON.stringify({ ...base, content_html: html }, null, 2)}\n` };
  }
  return { name: `${month}/${slug}.md`, text: `---\n${toYaml(base)}---\n\n${body}\n` };
}

/** The small YAML subset the items need: mappings, lists of mappings, scalars (quoted). */
function toYaml(value: Record<string, unknown>, indent = ''): string {
  let out = '';
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      if (v.length === 0) {
        out += `${indent}${k}: []\n`;
        continue;
      }
      out += `${indent}${k}:\n`;
      for (const el of v) {
        if (el && typeof el === 'object') {
          const inner = toYaml(el as Record<string, unknown>, `${indent}    `);
          out += `${indent}  - ${inner.slice(indent.length + 4)}`;
        } else out += `${indent}  - ${scalar(el)}\n`;
      }
    } else if (v && typeof v === 'object') {
      out += `${indent}${k}:\n${toYaml(v as Record<string, unknown>, `${indent}  `)}`;
    } else out += `${indent}${k}: ${scalar(v)}\n`;
  }
  return out;
}

const scalar = (v: unknown) => (typeof v === 'string' ? q(v) : String(v));

/** Write `size` items into `dir` unless a data set of that size and generator version is there. */
export function ensureDataSet(dir: string, size: number): { dir: string; generated: boolean } {
  const marker = path.join(dir, '.generated.json');
  const want = JSON.stringify({ version: GENERATOR_VERSION, seed: SEED, size });
  if (existsSync(marker) && readFileSync(marker, 'utf8') === want) return { dir, generated: false };
  rmSync(dir, { recursive: true, force: true });
  const made = new Set<string>();
  for (let n = 0; n < size; n++) {
    const item = generateItem(n, size);
    const file = path.join(dir, item.name);
    const folder = path.dirname(file);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    writeFileSync(file, item.text);
  }
  // The marker is a dotfile: the items loader skips it.
  writeFileSync(marker, want);
  return { dir, generated: true };
}

// As a script: node dist-bench/generate.js --size N --out DIR
if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const size = Number(arg('--size') ?? 10_000);
  const out = arg('--out') ?? `bench/.data/items-${size}`;
  const { generated } = ensureDataSet(out, size);
  process.stdout.write(`${generated ? 'generated' : 'already there:'} ${size} items in ${out}\n`);
}
