import matter from 'gray-matter';

/** Why a note's front matter cannot be read, and where (the file's 1-based line). */
export class FrontMatterError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
  ) {
    super(reason);
  }
}

const YAML = new Set(['', 'yaml', 'yml']);

/**
 * Refuses every front-matter language but YAML, as a second line of defence: gray-matter's
 * defaults evaluate `---js` and `---coffee` front matter as code.
 */
const refuse = (language: string) => () => {
  throw new FrontMatterError(`front matter in "${language}" is not read: only YAML front matter is`);
};
const ENGINES = { js: refuse('js'), javascript: refuse('javascript'), coffee: refuse('coffee'), coffeescript: refuse('coffeescript'), cson: refuse('cson') };

/**
 * A note's YAML front matter and the Markdown after it. Notes are untrusted: only YAML is parsed
 * (with js-yaml's safe schema), never code; anything else throws FrontMatterError.
 */
export function readFrontMatter(content: string): { data: Record<string, unknown>; body: string } {
  const language = matter.language(content).name.toLowerCase();
  // A fourth dash makes a thematic break, not front matter (as gray-matter reads it).
  if (matter.test(content) && content[3] !== '-' && !YAML.has(language)) {
    throw new FrontMatterError(`front matter in "${language.slice(0, 40)}" is not read: only YAML front matter is`, 1);
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Options (any) also keep gray-matter from caching by content, which would hide an error on a second read.
    parsed = matter(content, { language: 'yaml', engines: ENGINES });
  } catch (error) {
    if (error instanceof FrontMatterError) throw error;
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    // js-yaml counts from 0 inside the front matter, which starts on the file's line 2.
    throw new FrontMatterError(`front matter is not valid YAML: ${reason}`, mark?.line === undefined ? undefined : mark.line + 2);
  }
  const data: unknown = parsed.data;
  return { data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {}, body: parsed.content };
}
