// Every file below a folder, dot-names skipped, as the items loader sees the folder.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export const isItemFile = (name: string) => name.endsWith('.md') || name.endsWith('.json');

export function walk(dir: string, keep: (name: string) => boolean = () => true, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) walk(abs, keep, out);
    else if (keep(e.name)) out.push(abs);
  }
  return out;
}
