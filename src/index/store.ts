import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import type { NoteInfo } from '../notes/note.js';
import type { Passage } from '../notes/passages.js';
import { buildEngineData, type EngineData } from '../search/engine.js';
import { joinSegments, storedSegment, type LexicalSegment, type StoredSegment } from '../search/lexical.js';
import { jsonArrayParts } from './json-parts.js';
import { layArrays, unpackArrays, type ArrayLayout, type Stored } from './typed-arrays.js';
import { isPartKey, partKey } from './parts.js';
import { readVectorRows, VECTOR_FILE_EXTENSION, vectraFile } from './vector-rows.js';
import { SentenceStore, sentenceRowsFile, type PassageRows } from './sentence-rows.js';

/**
 * On disk, an index folder holds generations: complete, immutable snapshots, each a manifest.json
 * beside notes.json and the keyword index's arrays (lexical.json and lexical.bin). The passages and
 * their vectors lie in parts (parts.ts), folders of whole notes under parts/ that generations share:
 * each part is a Vectra LocalIndex (the vectors, in Float32Codec's file: Vectra opens, queries and
 * updates it) beside the passages' passages.json and their sentences' vectors (sentences.bin, read
 * a passage at a time when quoting). A build writes the parts whose notes changed and
 * keeps the others, so one edited note is not a rewrite of every passage and vector. Loading one
 * is reading arrays: no passage is tokenized or embedded again. The file CURRENT names the
 * generation that serves. A build writes its new files, makes them durable (fsync), and then swaps
 * CURRENT with an atomic rename, so a build that dies midway, or a full disk, leaves the previous
 * generation serving. The manifest holds a checksum of every file, parts' included, so a damaged
 * generation is noticed and rebuilt rather than served.
 */
export interface Manifest {
  format: typeof FORMAT;
  /** The embedding model: an index built by another one must be rebuilt. */
  model: string;
  dimensions: number;
  chunkerVersion: number;
  builtAt: string;
  notes: number;
  passages: number;
  /** The checksum of each file of the generation but the manifest itself (CRC-32 since format 6, SHA-256 before). */
  checksums: Record<string, string>;
  /** The parts holding the passages and vectors, in order. Format 4 had none: its generation held them. */
  parts?: PartEntry[];
}

export interface PartEntry {
  key: string;
  passages: number;
  /** The checksum of each of the part's files. */
  checksums: Record<string, string>;
}

export interface StoredIndex {
  manifest: Manifest;
  data: EngineData;
  /** The notes it was built from, as the bot lists them (notes.json). */
  notes: NoteInfo[];
  generation: string;
}

/** Writing the index failed (a read-only folder, a full disk): the previous index is intact. */
export class IndexWriteError extends Error {
  constructor(
    readonly indexDir: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(`cannot write the index in ${indexDir}: ${(cause as Error).message}`, { cause });
  }
}

const CURRENT = 'CURRENT';
/**
 * 8: each part's sentence vectors (sentences.bin), for quoting. 7: the keyword index in segments (one per part), over a dictionary of every term. 6: CRC-32 checksums. 5: passages and vectors in parts that generations share. 4: vectors as
 * float32 rows, the keyword index stored. 3: a checksum of every file in the manifest. 2: vectors
 * in Vectra's protobuf codec.
 */
export const FORMAT = 8;
/**
 * Formats 4 to 7 are still read, so an upgrade embeds no passage again; before 7 their keyword
 * arrays are built anew from the passages, and before 8 quoting embeds the sentences it compares
 * (a build then writes the index in this format, embedding every sentence once).
 */
const READABLE_FORMATS: readonly unknown[] = [4, 5, 6, 7, FORMAT];
/** The formats whose parts hold their keyword segments. */
const SEGMENTED_FORMATS: readonly unknown[] = [7, FORMAT];
const VECTORS = `index${VECTOR_FILE_EXTENSION}`;
const PASSAGES = 'passages.json';
const PARTS = 'parts';
const SENTENCES = 'sentences.bin';

const LEXICAL = 'lexical.json';
const LEXICAL_ARRAYS = 'lexical.bin';

/** A generation's lexical.json: what the keyword index's segments share, and where the hidden passages lie in lexical.bin. */
interface LexicalHeader {
  averageLength: number;
  layout: Record<string, ArrayLayout>;
}

/** A part's lexical.json: its keyword segment's strings and acronyms, and where its arrays lie in lexical.bin (StoredSegment). */
interface SegmentHeader {
  strings: string[];
  acronyms: [string, string[]][];
  layout: Record<string, ArrayLayout>;
}

const SEGMENT_INT_ARRAYS = ['terms', 'starts', 'docs', 'contentStarts', 'contentIds', 'contentTerms', 'contentCounts', 'words'] as const;

type Checksum = (parts: readonly Uint8Array[]) => string;

const sha256: Checksum = (parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

/**
 * What notices a damaged file (a flipped bit, a short write) as well as SHA-256 did, eight times
 * faster: 65 ms against 550 for 150 MB here, and every file is checked on load and hashed on write.
 * Nothing here guards against a forger, who could rewrite the manifest as easily.
 */
const crc32: Checksum = (parts) =>
  // An empty part is skipped: Node's zlib.crc32 gives 0 for no bytes, whatever the CRC so far.
  (parts.reduce((crc, part) => (part.length > 0 ? zlib.crc32(part, crc) : crc), 0) >>> 0).toString(16).padStart(8, '0');

/** Formats before 6 were checksummed with SHA-256. */
const checksumOf = (format: unknown): Checksum => (format === 4 || format === 5 ? sha256 : crc32);

export async function currentGeneration(indexDir: string): Promise<string | undefined> {
  try {
    return (await readFile(path.join(indexDir, CURRENT), 'utf8')).trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A file of a generation or a part, once its bytes match the checksum the manifest gives. */
async function readChecked(folder: string, file: string, checksums: Record<string, string>, checksum: Checksum): Promise<Buffer> {
  const bytes = await readFile(path.join(folder, file));
  if (checksum([bytes]) !== checksums[file]) throw new Error(`index ${folder} is damaged: ${file} does not match its checksum`);
  return bytes;
}

/** A part's keyword segment (since format 7), as stored. */
async function readSegment(folder: string, checksums: Record<string, string>, checksum: Checksum): Promise<StoredSegment> {
  const header = JSON.parse((await readChecked(folder, LEXICAL, checksums, checksum)).toString('utf8')) as SegmentHeader;
  const arrays = unpackArrays(header.layout, await readChecked(folder, LEXICAL_ARRAYS, checksums, checksum));
  const array = <T extends Stored>(name: string, type: new (...args: never[]) => T): T => {
    const found = arrays[name];
    if (!(found instanceof type)) throw new Error(`index ${folder} is inconsistent: ${LEXICAL_ARRAYS} has no ${name}`);
    return found;
  };
  const i32 = Object.fromEntries(SEGMENT_INT_ARRAYS.map((name) => [name, array(name, Int32Array)])) as Record<(typeof SEGMENT_INT_ARRAYS)[number], Int32Array>;
  const { terms, starts, docs, ...rest } = i32;
  const segment: StoredSegment = {
    ...rest,
    strings: header.strings,
    bm25: { terms, starts, docs, tfs: array('tfs', Float32Array), lengths: array('lengths', Float32Array) },
    acronyms: header.acronyms,
  };
  const outside = (list: Int32Array) => list.some((id) => id < 0 || id >= header.strings.length);
  if (
    [terms, segment.contentIds, segment.contentTerms, segment.words].some(outside) ||
    starts.length !== terms.length + 1 ||
    starts[terms.length] !== docs.length ||
    docs.length !== segment.bm25.tfs.length ||
    segment.contentStarts.length !== segment.bm25.lengths.length + 1
  ) {
    throw new Error(`index ${folder} is inconsistent: its keyword arrays do not fit together`);
  }
  return segment;
}

/** The passages and vectors of one folder (a part, or a format-4 generation), checked against each other; a part's keyword segment too, since format 7. */
async function readPassageRows(
  folder: string,
  checksums: Record<string, string>,
  checksum: Checksum,
  dims: number,
  withSegment: boolean,
): Promise<{ passages: Passage[]; vectors: Float32Array; segment?: StoredSegment }> {
  const passages = JSON.parse((await readChecked(folder, PASSAGES, checksums, checksum)).toString('utf8')) as Passage[];
  const { header, vectors } = readVectorRows(await readChecked(folder, VECTORS, checksums, checksum));
  if ((passages.length > 0 && header.dims !== dims) || header.items.length !== passages.length || header.items.some((item, i) => item.id !== passages[i]!.id)) {
    throw new Error(`index ${folder} is inconsistent: its vectors are not its passages'`);
  }
  if (!withSegment) return { passages, vectors };
  const segment = await readSegment(folder, checksums, checksum);
  if (segment.bm25.lengths.length !== passages.length) throw new Error(`index ${folder} is inconsistent: its keyword arrays are not of its passages`);
  return { passages, vectors, segment };
}

/** A part's folder, once its manifest's name for it is one a build writes: nothing else is joined to the index's path (`where` names the index in the error). */
function partFolderOf(indexDir: string, where: string, part: PartEntry): string {
  if (!isPartKey(part.key)) throw new Error(`index ${where} is inconsistent: ${JSON.stringify(part.key)} is not the name of a part`);
  return path.join(indexDir, PARTS, part.key);
}

/** Every passage and vector of a generation, from its parts in order, as one list and one array; and the parts' keyword segments, since format 7. */
async function readAllPassageRows(
  indexDir: string,
  folder: string,
  manifest: Manifest,
  checksum: Checksum,
): Promise<{ passages: Passage[]; vectors: Float32Array; segments: StoredSegment[] }> {
  if (!manifest.parts) return { ...(await readPassageRows(folder, manifest.checksums, checksum, manifest.dimensions, false)), segments: [] };
  const dims = manifest.dimensions;
  const passages: Passage[] = [];
  const segments: StoredSegment[] = [];
  const vectors = new Float32Array(manifest.passages * dims);
  for (const part of manifest.parts) {
    const partFolder = partFolderOf(indexDir, folder, part);
    const rows = await readPassageRows(partFolder, part.checksums, checksum, dims, SEGMENTED_FORMATS.includes(manifest.format));
    if (rows.passages.length !== part.passages || passages.length + rows.passages.length > manifest.passages) {
      throw new Error(`index ${folder} is inconsistent: part ${part.key} does not hold the passages its manifest says`);
    }
    vectors.set(rows.vectors, passages.length * dims);
    for (const p of rows.passages) passages.push(p);
    if (rows.segment) segments.push(rows.segment);
  }
  if (passages.length !== manifest.passages)
    throw new Error(`index ${folder} is inconsistent: its parts hold ${passages.length} passages, not ${manifest.passages}`);
  return { passages, vectors, segments };
}

async function readGeneration(indexDir: string, generation: string): Promise<StoredIndex> {
  const folder = path.join(indexDir, generation);
  const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
  const format: unknown = manifest.format;
  if (!READABLE_FORMATS.includes(format)) throw new Error(`index ${folder} is in format ${String(format)}, not ${FORMAT}`);
  const checksum = checksumOf(format);
  const { passages, vectors, segments } = await readAllPassageRows(indexDir, folder, manifest, checksum);
  // No passages, no dimensions: as buildEngineData gives such an index.
  const rows = { vectors, dims: passages.length > 0 ? manifest.dimensions : 0 };
  let data: EngineData;
  if (SEGMENTED_FORMATS.includes(format)) {
    const header = JSON.parse((await readChecked(folder, LEXICAL, manifest.checksums, checksum)).toString('utf8')) as LexicalHeader;
    const { hidden } = unpackArrays(header.layout, await readChecked(folder, LEXICAL_ARRAYS, manifest.checksums, checksum));
    if (!(hidden instanceof Int32Array)) throw new Error(`index ${folder} is inconsistent: ${LEXICAL_ARRAYS} has no hidden passages`);
    data = { passages, ...rows, lexical: joinSegments(segments, header.averageLength), hidden };
  } else data = buildEngineData(passages, rows);
  const notes = JSON.parse((await readChecked(folder, 'notes.json', manifest.checksums, checksum)).toString('utf8')) as NoteInfo[];
  return { manifest, data, notes, generation };
}

/**
 * The serving generation, or undefined when no index has been built yet. A build that switches
 * generations while this reads deletes the old one: then the new one is read.
 */
export async function readIndex(indexDir: string): Promise<StoredIndex | undefined> {
  for (let attempt = 1; ; attempt++) {
    const generation = await currentGeneration(indexDir);
    if (!generation) return undefined;
    try {
      return await readGeneration(indexDir, generation);
    } catch (error) {
      const switched = (error as NodeJS.ErrnoException).code === 'ENOENT' && (await currentGeneration(indexDir)) !== generation;
      if (!switched || attempt >= 3) throw error;
    }
  }
}

/** Flushes a file or folder to the disk: a rename is durable only once what it names is. */
async function sync(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * The sentence vectors of the passages of a part being written, `first` being the first one's
 * place among all passages: asked for part by part, so that a build holds one part's at a time
 * (a whole index's would be 270 MB at 100,000 passages and 384 dimensions).
 */
export type PartSentences = (passages: readonly Passage[], first: number) => Promise<PassageRows[]>;

export interface WriteOptions {
  sentences: PartSentences;
  /**
   * Whether the serving generation's parts may be kept where the new one has the same: false when
   * the build could not read that generation (a damaged file), so that every part is written anew.
   */
  keepParts?: boolean;
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** The parts of the serving generation whose files are all there, by key; none when it has no readable manifest. */
async function servingParts(indexDir: string): Promise<Map<string, PartEntry>> {
  const found = new Map<string, PartEntry>();
  try {
    const generation = await currentGeneration(indexDir);
    if (!generation) return found;
    const manifest = JSON.parse(await readFile(path.join(indexDir, generation, 'manifest.json'), 'utf8')) as Manifest;
    for (const part of manifest.parts ?? []) {
      if (!isPartKey(part.key)) continue;
      const files = [VECTORS, PASSAGES, LEXICAL, LEXICAL_ARRAYS, SENTENCES].map((file) => path.join(indexDir, PARTS, part.key, file));
      if ((await Promise.all(files.map(exists))).every(Boolean)) found.set(part.key, part);
    }
  } catch {
    // Nothing to keep: every part is written.
  }
  return found;
}

/** Writes a file durably; its checksum is of the bytes written, not of the file read back (a third of a re-index at 100,000 passages). */
async function putFile(folder: string, file: string, content: string | Uint8Array[], checksums: Record<string, string>): Promise<void> {
  const parts = typeof content === 'string' ? [Buffer.from(content)] : content;
  await writeFile(path.join(folder, file), parts);
  checksums[file] = crc32(parts);
  await sync(path.join(folder, file));
}

/** What tells whether a passage is indexed as it is now: its id hashes its content, not its date or place. */
export type PassageKey = Pick<Passage, 'id' | 'date' | 'start' | 'end'>;

export const passageKey = ({ id, date, start, end }: PassageKey): PassageKey => ({ id, start, end, ...(date === undefined ? {} : { date }) });

/** The same passages in the same order. */
export function samePassages(a: readonly PassageKey[], b: readonly PassageKey[]): boolean {
  return a.length === b.length && a.every((p, i) => p.id === b[i]!.id && p.date === b[i]!.date && p.start === b[i]!.start && p.end === b[i]!.end);
}

/**
 * Part names by the keyword segment of the part's passages: hashing every passage took 74 ms of a
 * one-note re-index at 100,000 passages. A name hashes each passage's id, date and offsets, which
 * are noted with it (not the passages: those of a kept segment would stay alive through a
 * re-index of every note).
 */
const partKeys = new WeakMap<LexicalSegment, { scope: string; key: string; stamps: readonly PassageKey[] }>();

function keyOf(segment: LexicalSegment, scope: string, members: readonly Passage[]): string {
  const known = partKeys.get(segment);
  if (known?.scope === scope && samePassages(known.stamps, members)) return known.key;
  const key = partKey(scope, members);
  partKeys.set(segment, { scope, key, stamps: members.map(passageKey) });
  return key;
}

/**
 * The parts of data's passages, one per keyword segment (cut as parts.ts says): those the serving
 * generation already has (by key: the same passages, model and format) are kept as they are; the
 * others are written, and named in `written` so that a failed write can remove them.
 */
async function writeParts(
  indexDir: string,
  fields: Omit<Manifest, 'checksums'>,
  data: EngineData,
  options: WriteOptions,
  written: string[],
): Promise<PartEntry[]> {
  const { passages, vectors, dims, lexical } = data;
  const reusable = options.keepParts === false ? new Map<string, PartEntry>() : await servingParts(indexDir);
  const scope = `${FORMAT}\0${fields.model}\0${fields.dimensions}\0${fields.chunkerVersion}`;
  const entries: PartEntry[] = [];
  let end = 0;
  for (const segment of lexical.segments) {
    const start = end;
    end += segment.bm25.lengths.length;
    const members = passages.slice(start, end);
    const key = keyOf(segment, scope, members);
    const kept = reusable.get(key);
    if (kept) {
      entries.push(kept);
      continue;
    }
    const folder = path.join(indexDir, PARTS, key);
    // A folder of this name that the serving generation does not use is a dead build's leftover.
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    written.push(folder);
    const checksums: Record<string, string> = {};
    await putFile(
      folder,
      VECTORS,
      vectraFile(
        members.map((p) => p.id),
        (i) => ({ noteId: members[i]!.noteId }),
        vectors.subarray(start * dims, end * dims),
        dims,
      ),
      checksums,
    );
    await putFile(folder, PASSAGES, jsonArrayParts(members), checksums);
    const { strings, acronyms, bm25, ...arrays } = storedSegment(segment, lexical.strings);
    const { layout, parts } = layArrays({ ...arrays, ...bm25 });
    const header: SegmentHeader = { strings, acronyms, layout };
    await putFile(folder, LEXICAL, JSON.stringify(header), checksums);
    await putFile(folder, LEXICAL_ARRAYS, parts, checksums);
    await putFile(folder, SENTENCES, sentenceRowsFile(await options.sentences(members, start), dims), checksums);
    await sync(folder);
    entries.push({ key, passages: members.length, checksums });
  }
  if (written.length > 0) await sync(path.join(indexDir, PARTS));
  return entries;
}

/**
 * Writes a complete generation, durably, and makes it the serving one: the parts whose passages
 * changed, then the generation's own files. On failure what it wrote is removed (it would fill a
 * full disk further) and IndexWriteError says why.
 */
export async function writeIndex(
  indexDir: string,
  fields: Omit<Manifest, 'checksums' | 'parts'>,
  data: EngineData,
  notes: NoteInfo[],
  options: WriteOptions,
): Promise<{ generation: string; manifest: Manifest }> {
  const generation = `gen-${Date.now().toString(36)}-${process.pid}`;
  const folder = path.join(indexDir, generation);
  const pointer = path.join(indexDir, `${CURRENT}.${process.pid}.tmp`);
  const manifest: Manifest = { ...fields, checksums: {}, parts: [] };
  const written: string[] = [];
  // A failure to embed sentences is the model's, not the disk's: it is thrown as it is.
  let modelFailed = false;
  const sentences: PartSentences = (members, first) =>
    options.sentences(members, first).catch((error: unknown) => {
      modelFailed = true;
      throw error;
    });
  try {
    manifest.parts = await writeParts(indexDir, fields, data, { ...options, sentences }, written);
    await mkdir(folder, { recursive: true });
    await putFile(folder, 'notes.json', JSON.stringify(notes), manifest.checksums);
    const { layout, parts } = layArrays({ hidden: data.hidden });
    const header: LexicalHeader = { averageLength: data.lexical.averageLength, layout };
    await putFile(folder, LEXICAL, JSON.stringify(header), manifest.checksums);
    await putFile(folder, LEXICAL_ARRAYS, parts, manifest.checksums);
    await writeFile(path.join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await sync(path.join(folder, 'manifest.json'));
    await sync(folder);
    await writeFile(pointer, `${generation}\n`);
    await sync(pointer);
    await rename(pointer, path.join(indexDir, CURRENT));
    await sync(indexDir);
  } catch (error) {
    for (const leftover of [folder, ...written]) await rm(leftover, { recursive: true, force: true }).catch(() => undefined);
    await rm(pointer, { force: true }).catch(() => undefined);
    if (modelFailed) throw error;
    throw new IndexWriteError(indexDir, (error as NodeJS.ErrnoException).code, error);
  }
  await removeStaleGenerations(indexDir, generation);
  await removeUnusedParts(indexDir, manifest.parts);
  return { generation, manifest };
}

/**
 * The sentence vectors of an index's passages, by their place among them, when it has them (format
 * 8, written; not one held in memory only): its parts' headers read now, their rows when asked
 * for. Their checksums are not checked: that would read every row, which is what the file spares. A damaged row can only make quoting pick another
 * sentence of the passage.
 */
export async function openSentences(indexDir: string, manifest: Manifest): Promise<SentenceStore | undefined> {
  if (manifest.format !== FORMAT || !manifest.parts) return undefined;
  return SentenceStore.open(manifest.parts.map((part) => ({ file: path.join(partFolderOf(indexDir, indexDir, part), SENTENCES), passages: part.passages })));
}

/** Deletes every generation but the serving one, including leftovers of builds that died. */
async function removeStaleGenerations(indexDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(indexDir)) {
    if (entry.startsWith('gen-') && entry !== keep) await rm(path.join(indexDir, entry), { recursive: true, force: true });
  }
}

/** Deletes the parts the serving generation does not use: older generations' and dead builds'. */
async function removeUnusedParts(indexDir: string, used: readonly PartEntry[]): Promise<void> {
  const keep = new Set(used.map((p) => p.key));
  for (const entry of await readdir(path.join(indexDir, PARTS)).catch(() => [])) {
    if (!keep.has(entry)) await rm(path.join(indexDir, PARTS, entry), { recursive: true, force: true });
  }
}
