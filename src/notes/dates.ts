import * as chrono from 'chrono-node';

/**
 * Reads a front-matter date: a YAML timestamp, ISO text, or a written form such as
 * "17 September 2025". Returns YYYY-MM-DD, or undefined when it is not a date.
 */
export function parseNoteDate(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (iso) {
    const d = new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])));
    return d.getUTCDate() === Number(iso[3]) ? d.toISOString().slice(0, 10) : undefined;
  }
  // Strict mode: only explicit calendar dates, never "next week" relative to today.
  const [result] = chrono.strict.parse(text);
  if (!result || !result.start.isCertain('year') || !result.start.isCertain('month')) return undefined;
  const { year, month, day } = { year: result.start.get('year'), month: result.start.get('month'), day: result.start.get('day') };
  if (year === null || month === null) return undefined;
  const dd = result.start.isCertain('day') && day !== null ? day : 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}
