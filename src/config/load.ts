// Reads and validates wirefeed.config.yaml. A config with any problem yields no Config:
// the caller writes nothing (exit 78).
import { readFile } from 'node:fs/promises';
import type { Problem } from '../types.js';
import { lineOf, parseYamlSource, toData, validate } from '../validate.js';
import { configSchema, type Config } from './schema.js';

export type ConfigResult = { ok: true; config: Config; text?: string } | { ok: false; problems: Problem[] };

export function parseConfig(text: string, file: string): ConfigResult {
  const { map, problems } = parseYamlSource(text, file);
  if (problems.length > 0) return { ok: false, problems };
  const data = toData(map);
  if ('problems' in data) return { ok: false, problems: data.problems };
  const result = validate(configSchema, data.data, map, file);
  if (!result.ok) return result;
  const config = result.value;
  const names = new Set<string>();
  const dup: Problem[] = [];
  config.partners.forEach((p, i) => {
    if (names.has(p.name))
      dup.push({ file, line: lineOf(map, ['partners', i, 'name']), field: `partners.${i}.name`, message: `partner "${p.name}" is defined twice`, severity: 'error' });
    names.add(p.name);
  });
  if (dup.length > 0) return { ok: false, problems: dup };
  return { ok: true, config };
}

export async function loadConfig(file: string): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      problems: [{ file, message: code === 'ENOENT' ? 'config file not found' : `cannot read config (${code})`, severity: 'error' }],
    };
  }
  const parsed = parseConfig(text, file);
  // The text it was parsed from: what the quick "nothing changed" run compares (cache/quick.ts).
  return parsed.ok ? { ...parsed, text } : parsed;
}
