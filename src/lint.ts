// The attribution lint: what is valid but would get a newsroom into trouble. Each finding
// names the file and the field; its line is looked up in the file's text only when there is one.
import { namesPhotoCredit } from './attribution.js';
import type { Config } from './config/schema.js';
import { agenciesOf, policyAllows } from './rights.js';
import type { Item, Problem } from './types.js';
import { lineOf, parseYamlSource } from './validate.js';

export interface LintFinding {
  file: string;
  /** The field the warning is about, as a path into the item ("syndication.partners.1"). */
  field: string;
  /** Where to point: the field itself, or the nearest field that exists when it is missing. */
  at: (string | number)[];
  message: string;
}

const isUrl = (s: string) => {
  try {
    return /^https?:$/.test(new URL(s).protocol);
  } catch {
    return false;
  }
};

/** What the lint reads of the config: plain data, so a parser thread can be given it. */
export interface LintSettings {
  site: Pick<Config['site'], 'agencies'>;
  partners: Config['partners'];
}

export function lintItem(item: Item, config: LintSettings): LintFinding[] {
  const out: LintFinding[] = [];
  const add = (field: string, at: (string | number)[], message: string) => out.push({ file: item.file, field, at, message });

  if (item.image && !item.image.credit?.trim())
    add('image.credit', ['image'], 'a photo without a credit: add image.credit ("Photographer/Agency"); until then only partners that allow uncredited photos receive it');
  else if (item.image?.credit && item.credit && !namesPhotoCredit(item.credit, item.image.credit))
    add('credit', ['credit'], `the credit line does not name the photo credit: expected it to include "${item.image.credit.trim()}" (a partner that may not have the photo could not have it taken out)`);

  const agencies = agenciesOf(item, config.site.agencies);
  if (agencies.length > 0 && !item.rights?.trim()) {
    const i = item.authors.findIndex((a) => a.name === agencies[0]);
    add('rights', ['authors', i], `a wire story by ${agencies.join(' and ')} (site.agencies) without rights text: add rights with the agency's terms`);
  }

  if (item.license !== undefined && !isUrl(item.license))
    add('license', ['license'], `expected the URL of a license (such as https://creativecommons.org/licenses/by/4.0/), got ${JSON.stringify(item.license)}`);

  const named = item.syndication.partners;
  if (Array.isArray(named)) {
    const known = new Map(config.partners.map((p) => [p.name, p]));
    named.forEach((name, i) => {
      const partner = known.get(name);
      const at = ['syndication', 'partners', i];
      if (!partner) {
        const list = config.partners.map((p) => p.name).join(', ') || 'none are configured';
        add(`syndication.partners.${i}`, at, `unknown partner "${name}" (partners: ${list}): no feed receives this item under that name`);
        return;
      }
      const policy = policyAllows(item, partner, config.site.agencies);
      if (!policy.cleared)
        add(`syndication.partners.${i}`, at, `cleared for partner "${name}", but ${policy.reason}: it will not receive this item`);
    });
  }
  return out;
}

/** Every finding, by file path (as the loader reads them), each file's in field order. */
export function lintItems(
  items: readonly Item[],
  config: Config,
  /** Each item's findings, when known from an earlier run (the parse cache): only new items are judged. */
  lintAll: (items: readonly Item[], lintOne: (item: Item) => LintFinding[]) => LintFinding[][] = (all, one) => all.map(one),
): LintFinding[] {
  const byPath = [...items].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return lintAll(byPath, (i) => lintItem(i, config)).flat();
}

/** The 1-based line of a field in an item file's text (Markdown front matter or JSON). */
export function fieldLine(text: string, file: string, at: readonly (string | number)[]): number | undefined {
  let source = text;
  let offset = 0;
  if (!file.endsWith('.json')) {
    const open = /^---[^\r\n]*\r?\n/.exec(text);
    if (!open) return undefined;
    const close = /^---[ \t]*$/m.exec(text.slice(open[0].length));
    source = text.slice(open[0].length, close ? open[0].length + close.index : undefined);
    offset = 1;
  }
  const { map, problems } = parseYamlSource(source, file, offset);
  return problems.length > 0 ? undefined : lineOf(map, at);
}

/** Findings as warnings, each with its line when the file's text is at hand. */
export function lintProblems(findings: readonly LintFinding[], texts: ReadonlyMap<string, string>): Problem[] {
  return findings.map((f) => {
    const text = texts.get(f.file);
    const line = text === undefined ? undefined : fieldLine(text, f.file, f.at);
    return { file: f.file, line, field: f.field, message: f.message, severity: 'warning' };
  });
}
