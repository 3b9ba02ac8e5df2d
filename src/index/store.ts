import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalIndex, ProtobufCodec } from 'vectra';
import type { Passage } from '../notes/passages.js';

/**
 * On disk, an index folder holds generations: complete, immutable snapshots, each a Vectra
 * LocalIndex (the vectors) beside passages.json and manifest.json. The file CURRENT names the
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
  passages: Passage[];
  /** vectors[i] belongs to passages[i]. */
  vectors: Float32Array[];
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
/** 3: a checksum of every file in the manifest. 2: vectors in Vectra's protobuf codec. */
export const FORMAT = 3;

function vectraIndex(folder: string): LocalIndex {
  return new LocalIndex(folder, undefined, undefined, new ProtobufCodec());
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

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
    if (sha256(await readFile(path.join(folder, file))) !== expected) throw new Error(`index ${folder} is damaged: ${file} does not match its checksum`);
  }
  const passages = JSON.parse(await readFile(path.join(folder, 'passages.json'), 'utf8')) as Passage[];
  const byId = new Map<string, number[]>();
  for (const item of await vectraIndex(folder).listItems()) byId.set(item.id, item.vector);
  const vectors = passages.map((p) => {
    const v = byId.get(p.id);
    if (!v) throw new Error(`index ${folder} is inconsistent: passage ${p.id} has no vector`);
    return Float32Array.from(v);
  });
  return { manifest, passages, vectors, generation };
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
  passages: Passage[],
  vectors: Float32Array[],
): Promise<{ generation: string; manifest: Manifest }> {
  const generation = `gen-${Date.now().toString(36)}-${process.pid}`;
  const folder = path.join(indexDir, generation);
  const pointer = path.join(indexDir, `${CURRENT}.${process.pid}.tmp`);
  const manifest: Manifest = { ...fields, checksums: {} };
  try {
    await mkdir(folder, { recursive: true });
    const vectra = vectraIndex(folder);
    await vectra.createIndex({ version: 1 });
    if (passages.length > 0) {
      await vectra.batchInsertItems(passages.map((p, i) => ({ id: p.id, vector: Array.from(vectors[i]!), metadata: { noteId: p.noteId } })));
    }
    await writeFile(path.join(folder, 'passages.json'), JSON.stringify(passages));
    for (const file of (await readdir(folder)).sort()) {
      manifest.checksums[file] = sha256(await readFile(path.join(folder, file)));
      await sync(path.join(folder, file));
    }
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
