import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NoteInfo } from '../notes/note.js';
import type { Passage } from '../notes/passages.js';
import type { EngineData } from '../search/engine.js';
import type { LexicalData } from '../search/lexical.js';
import { jsonArrayParts } from './json-parts.js';
import { packArrays, unpackArrays, type ArrayLayout, type Stored } from './typed-arrays.js';
import { readVectorRows, VECTOR_FILE_EXTENSION, vectraFile } from './vector-rows.js';

/**
 * On disk, an index folder holds generations: complete, immutable snapshots, each a Vectra
 * LocalIndex (the vectors, in Float32Codec's file: Vectra opens, queries and updates it) beside passages.json, notes.json, the keyword index's
 * arrays (lexical.json and lexical.bin) and manifest.json. Loading one is reading arrays: no
 * passage is tokenized or embedded again. The file CURRENT names the
 * one that serves. A build writes a new generation, makes it durable (fsync), and then swaps
 * CURRENT with an atomic rename, so a build that dies midway, or a full disk, leaves the previous
 * generation serving. The manifest holds a checksum of every file, so a damaged generation is
 * noticed and rebuilt rather than served.
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
  /** SHA-256 of each file of the generation but the manifest itself. */
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
 * 4: vectors as float32 rows, the keyword index stored. 3: a checksum of every file in the
 * manifest. 2: vectors in Vectra's protobuf codec.
 */
export const FORMAT = 4;
const VECTORS = `index${VECTOR_FILE_EXTENSION}`;

/** lexical.json: the strings of the keyword index, and where its arrays lie in lexical.bin. */
interface LexicalHeader {
  terms: string[];
  words: string[];
  acronyms: [string, string[]][];
  layout: Record<string, ArrayLayout>;
}

const sha256 = (parts: readonly Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

export async function currentGeneration(indexDir: string): Promise<string | undefined> {
  try {
    return (await readFile(path.join(indexDir, CURRENT), 'utf8')).trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readGeneration(indexDir: string, generation: string): Promise<StoredIndex> {
  const folder = path.join(indexDir, generation);
  const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
  const format: unknown = manifest.format;
  if (format !== FORMAT) throw new Error(`index ${folder} is in format ${String(format)}, not ${FORMAT}`);
  for (const [file, expected] of Object.entries(manifest.checksums)) {
    if (sha256([await readFile(path.join(folder, file))]) !== expected) throw new Error(`index ${folder} is damaged: ${file} does not match its checksum`);
  }
  const passages = JSON.parse(await readFile(path.join(folder, 'passages.json'), 'utf8')) as Passage[];
  const header = JSON.parse(await readFile(path.join(folder, 'lexical.json'), 'utf8')) as LexicalHeader;
  const arrays = unpackArrays(header.layout, await readFile(path.join(folder, 'lexical.bin')));
  const array = <T extends Stored>(name: string, type: new (...args: never[]) => T): T => {
    const found = arrays[name];
    if (!(found instanceof type)) throw new Error(`index ${folder} is inconsistent: lexical.bin has no ${name}`);
    return found;
  };
  const lexical: LexicalData = {
    bm25: {
      terms: header.terms,
      starts: array('starts', Int32Array),
      docs: array('docs', Int32Array),
      tfs: array('tfs', Float32Array),
      lengths: array('lengths', Float32Array),
    },
    contentStarts: array('contentStarts', Int32Array),
    contentIds: array('contentIds', Int32Array),
    contentDf: array('contentDf', Int32Array),
    words: header.words,
    wordTerms: array('wordTerms', Int32Array),
    acronyms: header.acronyms,
  };
  if (lexical.contentStarts.length !== passages.length + 1) throw new Error(`index ${folder} is inconsistent: its keyword index is not of its passages`);
  const { header: items, vectors } = readVectorRows(await readFile(path.join(folder, VECTORS)));
  if (items.items.length !== passages.length || items.items.some((item, i) => item.id !== passages[i]!.id)) {
    throw new Error(`index ${folder} is inconsistent: its vectors are not its passages'`);
  }
  const data: EngineData = { passages, vectors, dims: items.dims, lexical, hidden: array('hidden', Int32Array) };
  const notes = JSON.parse(await readFile(path.join(folder, 'notes.json'), 'utf8')) as NoteInfo[];
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
 * Writes a complete generation, durably, and makes it the serving one. On failure the half-written
 * generation is removed (it would fill a full disk further) and IndexWriteError says why.
 */
export async function writeIndex(
  indexDir: string,
  fields: Omit<Manifest, 'checksums'>,
  data: EngineData,
  notes: NoteInfo[],
): Promise<{ generation: string; manifest: Manifest }> {
  const generation = `gen-${Date.now().toString(36)}-${process.pid}`;
  const folder = path.join(indexDir, generation);
  const pointer = path.join(indexDir, `${CURRENT}.${process.pid}.tmp`);
  const manifest: Manifest = { ...fields, checksums: {} };
  try {
    await mkdir(folder, { recursive: true });
    // Each file's checksum is of the bytes written, not of the file read back: at 100,000
    // passages that reading was a third of a re-index.
    const put = async (file: string, content: string | Uint8Array[]) => {
      const parts = typeof content === 'string' ? [Buffer.from(content)] : content;
      await writeFile(path.join(folder, file), parts);
      manifest.checksums[file] = sha256(parts);
      await sync(path.join(folder, file));
    };
    const { passages, vectors, dims, lexical } = data;
    const ids = passages.map((p) => p.id);
    await put(
      VECTORS,
      vectraFile(ids, (i) => ({ noteId: passages[i]!.noteId }), vectors, dims),
    );
    await put('passages.json', jsonArrayParts(passages));
    await put('notes.json', JSON.stringify(notes));
    const { bm25 } = lexical;
    const { layout, bytes } = packArrays({
      starts: bm25.starts,
      docs: bm25.docs,
      tfs: bm25.tfs,
      lengths: bm25.lengths,
      contentStarts: lexical.contentStarts,
      contentIds: lexical.contentIds,
      contentDf: lexical.contentDf,
      wordTerms: lexical.wordTerms,
      hidden: data.hidden,
    });
    const header: LexicalHeader = { terms: bm25.terms, words: lexical.words, acronyms: lexical.acronyms, layout };
    await put('lexical.json', JSON.stringify(header));
    await put('lexical.bin', [bytes]);
    await writeFile(path.join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await sync(path.join(folder, 'manifest.json'));
    await sync(folder);
    await writeFile(pointer, `${generation}\n`);
    await sync(pointer);
    await rename(pointer, path.join(indexDir, CURRENT));
    await sync(indexDir);
  } catch (error) {
    await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    await rm(pointer, { force: true }).catch(() => undefined);
    throw new IndexWriteError(indexDir, (error as NodeJS.ErrnoException).code, error);
  }
  await removeStaleGenerations(indexDir, generation);
  return { generation, manifest };
}

/** Deletes every generation but the serving one, including leftovers of builds that died. */
async function removeStaleGenerations(indexDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(indexDir)) {
    if (entry.startsWith('gen-') && entry !== keep) await rm(path.join(indexDir, entry), { recursive: true, force: true });
  }
}
