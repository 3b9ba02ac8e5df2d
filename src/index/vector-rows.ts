import type { IndexData, IndexItem, MetadataTypes } from 'vectra';

/**
 * The vector file of an index: a JSON header of the items' ids, metadata and norms, then the
 * vectors as raw float32 rows. Vectra reads and writes it through Float32Codec (vector-codec.ts);
 * the serving process takes the rows as one Float32Array (readVectorRows) without Vectra, whose
 * import alone took 0.9 s of the bot's start.
 */
export const VECTOR_FILE_EXTENSION = '.f32';

interface Header {
  version: number;
  metadata_config: IndexData['metadata_config'];
  dims: number;
  items: Omit<IndexItem, 'vector'>[];
}

const MAGIC = 'NBV1';
const PREFIX = 8;
const align = (n: number) => Math.ceil(n / 4) * 4;

/**
 * A file Float32Codec reads, in two parts: the header (padded to a whole number of floats), then
 * the rows (row i is item i's vector) as they lie in memory. Written one after the other, the rows
 * are not copied: at 100,000 × 384 one buffer was another 150 MB beside them while it was written.
 */
export function vectorRowParts(header: Header, vectors: Float32Array): [Buffer, Uint8Array] {
  const json = Buffer.from(JSON.stringify(header));
  const head = Buffer.alloc(align(PREFIX + json.length));
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, 4);
  json.copy(head, PREFIX);
  return [head, new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength)];
}

/** The same file as one buffer, for Vectra's codec. */
export function encodeVectorRows(header: Header, vectors: Float32Array): Buffer {
  return Buffer.concat(vectorRowParts(header, vectors));
}

/**
 * A Vectra index of these rows, in the file LocalIndex reads with Float32Codec: written directly,
 * because Vectra's insert path compares every new id with every other one (minutes at 100,000
 * passages) and holds each vector as an array of doubles.
 */
export function vectraFile(
  ids: readonly string[],
  metadata: (i: number) => Record<string, MetadataTypes>,
  vectors: Float32Array,
  dims: number,
): [Buffer, Uint8Array] {
  const items = ids.map((id, i) => {
    let sum = 0;
    for (let d = i * dims; d < (i + 1) * dims; d++) sum += vectors[d]! * vectors[d]!;
    return { id, metadata: metadata(i), norm: Math.sqrt(sum) };
  });
  return vectorRowParts({ version: 1, metadata_config: {}, dims, items }, vectors);
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
