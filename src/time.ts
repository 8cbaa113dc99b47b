// RFC 3339 date-times, apart from fields.ts so that `--now` is read without the schema library.
// The two functions alone: importing the package root loads all of date-fns (~150 ms per run).
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';

export const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Epoch ms of an RFC 3339 date-time with an explicit offset, or undefined. */
export function parseRfc3339(text: string): number | undefined {
  if (!RFC3339.test(text)) return undefined;
  const date = parseISO(text.replace(' ', 'T'));
  if (!isValid(date)) return undefined;
  // parseISO rolls 2026-02-30 over to March: a date that does not exist is refused.
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (m < 1 || m > 12 || d < 1 || d > days) return undefined;
  return date.getTime();
}
