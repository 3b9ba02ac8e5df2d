/** Percent-encodes one piece of a text directive: `-`, `,` and `&` are syntax there. */
export function encodeTextDirective(piece: string): string {
  return encodeURIComponent(piece).replace(/-/g, '%2D');
}

const WORDS_PER_END = 5;

/**
 * A link that opens the note scrolled to the quote and highlights it (a text fragment,
 * `#:~:text=start,end`). Long quotes are given by their first and last words, which keeps the
 * link short; browsers without support simply open the note.
 */
export function quoteLink(url: string, quote: string): string {
  const base = url.split('#')[0]!;
  const words = quote.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return base;
  const directive =
    words.length <= WORDS_PER_END * 2
      ? encodeTextDirective(words.join(' '))
      : `${encodeTextDirective(words.slice(0, WORDS_PER_END).join(' '))},${encodeTextDirective(words.slice(-WORDS_PER_END).join(' '))}`;
  return `${base}#:~:text=${directive}`;
}
