// docs/readers.md, written from the reader matrix's own results (test/readers/matrix.test.ts).
import type { Format } from '../../src/types.js';
import type { Client, Field } from './fields.js';

export type Cell = 'read' | 'ext' | 'lost' | 'n/a';
export type Matrix = { field: Field; cells: Record<`${Client} ${Format}`, Cell> }[];

type Column = [Client, Format, string];
const SYSTEM: Column[] = [
  ['feedparser', 'rss', 'feedparser RSS'],
  ['feedparser', 'atom', 'feedparser Atom'],
  ['gofeed', 'rss', 'gofeed RSS'],
  ['gofeed', 'atom', 'gofeed Atom'],
  ['gofeed', 'json', 'gofeed JSON Feed'],
];
const JS: Column[] = [
  ['feedsmith', 'rss', 'feedsmith RSS'],
  ['feedsmith', 'atom', 'feedsmith Atom'],
  ['feedsmith', 'json', 'feedsmith JSON Feed'],
  ['rss-parser', 'rss', 'rss-parser RSS'],
  ['rss-parser', 'atom', 'rss-parser Atom'],
];

const SHOW: Record<Cell, string> = { read: 'read', ext: 'ext', lost: '**lost**', 'n/a': '—' };

export function renderReadersDoc(matrix: Matrix, versions: Record<Client, string>): string {
  const table = (columns: Column[]) =>
    [
      `| field | ${columns.map((c) => c[2]).join(' | ')} |`,
      `|---|${columns.map(() => '---').join('|')}|`,
      ...matrix.map((r) => `| ${r.field.name} | ${columns.map(([c, f]) => SHOW[r.cells[`${c} ${f}`]]).join(' | ')} |`),
    ].join('\n');
  const where = (client: Client) =>
    matrix
      .filter((r) => r.field.where[client])
      .map((r) => `- ${r.field.name}: ${r.field.where[client]}`)
      .join('\n');
  return `# What feed readers read

<!-- Written by test/readers/matrix.test.ts (UPDATE_READERS_DOC=1); the test fails when this
     page and the clients disagree. Edit the test or the mapping, not this table. -->

wirefeed writes the whole attribution chain in every format (see [Outputs](outputs.md#the-mapping)).
What reaches a reader depends on the client that parses the feed. The test behind this page
builds the sample items (\`items/\`, \`wirefeed.config.yaml\`, \`--now 2026-11-26T12:00:00Z\`),
reads every document back with real clients, and for each field and each item that has it
checks what the client returned:

- Universal Feed Parser (Python \`feedparser\` ${versions.feedparser}, Debian's \`python3-feedparser\`),
  behind many aggregators and ingest systems;
- \`gofeed\` ${versions.gofeed} (Go, Debian's \`golang-github-mmcdole-gofeed-dev\`), its universal
  \`gofeed.Parser\`, behind many Go readers.

**read**: the client gives the value in a field of its own (listed below). **ext**: only in its
generic store of elements it does not interpret (feedparser's \`media_*\`/\`dc_*\` keys, gofeed's
\`Extensions\`), where an application must know the namespace to find it. **lost**: nowhere in
what the client returns, for at least one sample item that has the field. feedparser
${versions.feedparser} has no JSON Feed parser (it reads no entry from \`feed.json\`), so it has no
JSON Feed column. The PHP parser behind WordPress's and FreshRSS's import (SimplePie) is not
installed on the test machines and is not measured here.

${table(SYSTEM)}

The JavaScript parsers the other tests read with: feedsmith ${versions.feedsmith} (every namespace,
typed) and rss-parser ${versions['rss-parser']} with its default fields (what an application gets
without \`customFields\`; it reads no JSON Feed).

${table(JS)}

What no client has a field for is in the credit line at the end of the content, which every
client reads: the contributor's role ("English edition by Sweden Herald") above all.

## Where each client reads it

feedparser (entry keys):

${where('feedparser')}

gofeed (\`gofeed.Item\` fields):

${where('gofeed')}

feedsmith (\`media…\` is the item's \`media\`, a \`media.groups[]\` or a \`contents[]\`):

${where('feedsmith')}

rss-parser:

${where('rss-parser')}

## Choices the matrix settles

Each of these was measured with the same clients (\`test/readers/alternatives.test.ts\` keeps
the measurements of the mappings not taken):

- **Byline.** RSS items carry one \`dc:creator\` with every author ("Åsa Öberg and TT News
  Agency"): gofeed keeps only the first \`dc:creator\` and feedparser's \`author\` only the last,
  so one element per author left either reader one name. Atom keeps one \`author\` per person
  (with \`uri\` and \`email\`), which both clients list; their single \`author\` is then one name of
  the byline (gofeed the first, feedparser the last). JSON Feed has \`authors\` and JSON Feed
  1.0's single \`author\` with the whole byline, which is what gofeed's \`Author\` reads.
- **Corrections in RSS.** \`dcterms:modified\`, only on an item whose \`updated\` is later than
  its \`published\`: feedparser reads it as \`updated\` (as it does \`atom:updated\`, which would say
  the same a second time). gofeed's universal RSS item has no \`Updated\` at all; \`dc:date\` would
  reach its \`DublinCoreExt.Date\`, but the W3C validator flags it next to \`pubDate\`: for gofeed
  the time stays in \`Extensions\`.
- **The original article.** \`atom:link rel="via"\` in RSS and \`link rel="via"\` in Atom, with the
  source's name as its title; \`dc:source\` as well in RSS when the source feed is not known
  (gofeed's \`DublinCoreExt.Source\`; the validator flags it next to \`source\`); JSON Feed's
  \`external_url\`, which gofeed adds to \`Links\`.
- **The source feed.** RSS \`source url=\` and Atom \`source\` with the feed's title and its
  \`self\` link (RFC 4287 §4.2.11: the source's own metadata, not the article).
- **Contributors.** \`dc:contributor\` in RSS, not \`atom:contributor\`: feedparser lists a
  contributor once per element, so both would name each one twice, and only \`dc:contributor\`
  reaches gofeed's typed fields.
- **License.** \`creativeCommons:license\` in RSS, not also \`atom:link rel="license"\`: feedparser
  turns either into a \`rel="license"\` link, both into two.
- **The caption.** Not \`media:description\`: feedparser reads it as the item's description, so
  an Atom entry without a summary got its photo caption as its summary, and \`type="plain"\`
  relabelled an RSS item's HTML description as plain text. The caption is \`media:title\`
  (which feedparser leaves alone after the item's title), Atom's enclosure \`title\`, and JSON
  Feed's attachment \`title\`.
- **Alt text.** \`media:text\` without a \`type\` attribute (plain, by Media RSS's default):
  feedparser drops the text of a \`media:text\` that has attributes.
`;
}
