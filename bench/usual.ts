// "The usual approach" (issue 5): a script that reads every item with gray-matter, renders
// every body with marked, sorts by Date and hands the newest 50 to feed@6, every run.
// It does the job of bench/minimal.config.yaml, so its time is the cold-build peer.
//   node usual.js ITEMS_DIR OUT_DIR   → prints {"ms": …}
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Feed } from 'feed';
import matter from 'gray-matter';
import { marked } from 'marked';
import { isItemFile, walk } from './walk.js';

interface Raw {
  title: string;
  url: string;
  id?: string;
  published: string;
  updated?: string;
  summary?: string;
  authors?: { name: string; url?: string; email?: string }[];
  tags?: string[];
  image?: { url: string };
  withdrawn?: boolean;
  content_html?: string;
}

const walkItems = (dir: string) => walk(dir, isItemFile);

const [itemsDir, outDir] = process.argv.slice(2) as [string, string];
const t0 = performance.now();
const now = new Date('2026-11-26T12:00:00Z');
const items: { data: Raw; html: string; date: Date }[] = [];
for (const file of walkItems(itemsDir)) {
  const text = readFileSync(file, 'utf8');
  let data: Raw;
  let html: string;
  if (file.endsWith('.json')) {
    data = JSON.parse(text) as Raw;
    html = data.content_html ?? '';
  } else {
    const parsed = matter(text);
    data = parsed.data as Raw;
    html = marked.parse(parsed.content) as string;
  }
  if (data.withdrawn) continue;
  const date = new Date(data.published);
  if (date > now) continue;
  items.push({ data, html, date });
}
items.sort((a, b) => b.date.getTime() - a.date.getTime());
const newest = items.slice(0, 50);
const feed = new Feed({
  title: 'Nordic Wire Desk',
  description: 'Wire stories from the Nordic agencies and beyond, edited for English readers.',
  id: 'https://news.example.org/',
  link: 'https://news.example.org/',
  language: 'en',
  copyright: '© 2026 Nordic Wire Desk. Agency copy is used under licence.',
  updated: newest[0]?.date,
  feedLinks: { rss: 'https://news.example.org/feeds/rss.xml', atom: 'https://news.example.org/feeds/atom.xml', json: 'https://news.example.org/feeds/feed.json' },
});
for (const { data, html, date } of newest) {
  feed.addItem({
    title: data.title,
    id: data.id ?? data.url,
    link: data.url,
    date: data.updated ? new Date(data.updated) : date,
    published: date,
    description: data.summary,
    content: html,
    author: (data.authors ?? []).map((a) => ({ name: a.name, email: a.email, link: a.url })),
    category: (data.tags ?? []).map((t) => ({ name: t })),
    image: data.image?.url,
  });
}
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'rss.xml'), feed.rss2());
writeFileSync(path.join(outDir, 'atom.xml'), feed.atom1());
writeFileSync(path.join(outDir, 'feed.json'), feed.json1());
process.stdout.write(JSON.stringify({ ms: performance.now() - t0, items: items.length }));
