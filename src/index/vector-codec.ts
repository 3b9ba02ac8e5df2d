import { JsonCodec, type DocumentCatalog, type IndexCodec, type IndexData, type IndexItem, type MetadataTypes } from 'vectra';

/**
 * A Vectra codec that stores the vectors as raw float32 rows after a JSON header of the items'
 * ids, metadata and norms. Vectra writes and reads the index through it like through its own
 * codecs; a reader that wants only the vectors (the serving process) takes them as one
 * Float32Array without building Vectra's item objects (readVectorRows), which is what makes the
 * index quick to load: Vectra's protobuf file took 280 ms to decode at 10,000 × 64, and its
 * items hold each vector as an array of doubles.
 */
export class Float32Codec implements IndexCodec {
  readonly extension = '.f32';
  private readonly json = new JsonCodec();

  serializeIndex(data: IndexData): Buffer {
    const dims = data.items[0]?.vector.length ?? 0;
    const vectors = new Float32Array(data.items.length * dims);
    data.items.forEach((item, i) => {
      if (item.vector.length !== dims) throw new Error(`vector ${item.id} has ${item.vector.length} dimensions, not ${dims}`);
      vectors.set(item.vector, i * dims);
    });
    const items = data.items.map(({ id, metadata, norm, metadataFile }) => ({ id, metadata, norm, ...(metadataFile ? { metadataFile } : {}) }));
    return encodeVectorRows({ version: data.version, metadata_config: data.metadata_config, dims, items }, vectors);
  }

  deserializeIndex(buffer: Buffer): IndexData {
    const { header, vectors } = readVectorRows(buffer);
    return {
      version: header.version,
      metadata_config: header.metadata_config,
      items: header.items.map((item, i) => ({ ...item, vector: Array.from(vectors.subarray(i * header.dims, (i + 1) * header.dims)) })),
    };
  }

  serializeCatalog(catalog: DocumentCatalog): Buffer {
    return this.json.serializeCatalog(catalog);
  }

  deserializeCatalog(buffer: Buffer): DocumentCatalog {
    return this.json.deserializeCatalog(buffer);
  }

  serializeMetadata(metadata: Record<string, MetadataTypes>): Buffer {
    return this.json.serializeMetadata(metadata);
  }

  deserializeMetadata(buffer: Buffer): Record<string, MetadataTypes> {
    return this.json.deserializeMetadata(buffer);
  }
}

interface Header {
  version: number;
  metadata_config: IndexData['metadata_config'];
  dims: number;
  items: Omit<IndexItem, 'vector'>[];
}

const MAGIC = 'NBV1';
const PREFIX = 8;
const align = (n: number) => Math.ceil(n / 4) * 4;

/** A file Float32Codec reads: the header, then the rows (row i is item i's vector). */
export function encodeVectorRows(header: Header, vectors: Float32Array): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const start = align(PREFIX + json.length);
  const out = Buffer.alloc(start + vectors.byteLength);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, PREFIX);
  out.set(new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength), start);
  return out;
}

/**
 * A Vectra index of these rows, in the file LocalIndex reads with Float32Codec: written directly,
 * because Vectra's insert path compares every new id with every other one (minutes at 100,000
 * passages) and holds each vector as an array of doubles.
 */
export function vectraFile(ids: readonly string[], metadata: (i: number) => Record<string, MetadataTypes>, vectors: Float32Array, dims: number): Buffer {
  const items = ids.map((id, i) => {
    let sum = 0;
    for (let d = i * dims; d < (i + 1) * dims; d++) sum += vectors[d]! * vectors[d]!;
    return { id, metadata: metadata(i), norm: Math.sqrt(sum) };
  });
  return encodeVectorRows({ version: 1, metadata_config: {}, dims, items }, vectors);
}

/** The header and the vectors (row i is item i's) of a file Float32Codec wrote. */
export function readVectorRows(buffer: Buffer): { header: Header; vectors: Float32Array } {
  if (buffer.length < PREFIX || buffer.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a vector file of this version');
  const length = buffer.readUInt32LE(4);
  const header = JSON.parse(buffer.toString('utf8', PREFIX, PREFIX + length)) as Header;
  const start = align(PREFIX + length);
  const count = header.items.length * header.dims;
  if (buffer.length !== start + count * 4) throw new Error(`the vector file holds ${buffer.length} bytes, not ${start + count * 4}`);
  const at = buffer.byteOffset + start;
  // A typed array needs an aligned offset; a pooled Buffer may not give one, then the rows are copied.
  const vectors = at % 4 === 0 ? new Float32Array(buffer.buffer, at, count) : new Float32Array(buffer.buffer.slice(at, at + count * 4));
  return { header, vectors };
}
