// A problem as the command line prints it: `file:line: field: what was expected`. Apart from
// validate.ts so that printing one loads neither the YAML parser nor the schema library.
import type { Problem } from './types.js';

export function formatProblem(p: Problem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  const level = p.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${level}${p.field ? `${p.field}: ` : ''}${p.message}`;
}
