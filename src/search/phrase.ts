/** Text reduced to lower-case words and numbers, so that punctuation and quotes never block a match. */
export function normaliseForMatch(text: string): string {
  return ` ${text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}$%'/.]+/gu, ' ')
    .replace(/(\D)\.|\.(\D|$)/g, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim()} `;
}

/** The phrases the question puts in quotes ("…", “…”, «…»), normalised. */
export function quotedPhrases(question: string): string[] {
  const phrases: string[] = [];
  for (const m of question.matchAll(/"([^"]+)"|“([^”]+)”|«([^»]+)»/g)) {
    const phrase = normaliseForMatch(m[1] ?? m[2] ?? m[3] ?? '');
    if (phrase.trim()) phrases.push(phrase);
  }
  return phrases;
}
