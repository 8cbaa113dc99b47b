// RFC 3339 date-times, apart from fields.ts so that `--now` is read without the schema library.

export const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Epoch ms of an RFC 3339 date-time with an explicit offset, or undefined. Exactly RFC 3339
 * section 5.6: `t` and `z` in either case; hour 00-23, minute 00-59, second 00-60 (a leap
 * second, counted as the first moment of the next minute: epoch time has no 61st second);
 * offsets up to ±23:59; a date that does not exist (30 February) is refused, and so is one
 * that an offset moves outside the years 0000-9999 (no feed format can write it).
 */
export function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const days = new Date(Date.UTC(2000, mo, 0)).getUTCDate() - (mo === 2 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 1 : 0);
  if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || s > 60) return undefined;
  const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (!m[8] && (Number(m[10]) > 23 || Number(m[11]) > 59)) return undefined;
  const ms = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  const t = date.getTime() - offset * 60_000;
  const year = new Date(t).getUTCFullYear();
  return year < 0 || year > 9999 ? undefined : t;
}
