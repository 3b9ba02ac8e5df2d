/** How many items go into one part: a few hundred passages, a few hundred kilobytes. */
const ITEMS_PER_PART = 500;

/**
 * The bytes of JSON.stringify(items), as parts of a few hundred items each. One string of every
 * passage was the largest thing a write held: twice the text's size in memory once a single
 * character is outside Latin-1 (a curly quote), and again as the buffer written from it.
 */
export function jsonArrayParts(items: readonly unknown[], perPart = ITEMS_PER_PART): Buffer[] {
  if (items.length === 0) return [Buffer.from('[]')];
  const parts: Buffer[] = [];
  for (let i = 0; i < items.length; i += perPart) {
    const json = JSON.stringify(items.slice(i, i + perPart));
    parts.push(Buffer.from(`${i === 0 ? '[' : ','}${json.slice(1, -1)}`));
  }
  parts.push(Buffer.from(']'));
  return parts;
}
