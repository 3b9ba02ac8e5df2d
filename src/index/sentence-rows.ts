import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * A part's sentence vectors (sentences.bin): for each passage, one row per sentence, in 8 bits.
 * Quoting ranks a quoted passage's sentences by their cosine with the question; embedding them
 * when the passage is quoted cost 18 ms an answer with a model of MiniLM-L6's cost
 * (bench:discord --minilm-cost). Made with the passage, they are read instead: one read per
 * quoted passage, from the file where it lies (at 384 dimensions about 2 KB a passage: 200 MB at
 * 100,000 passages, too much to hold in memory for what three passages an answer need).
 *
 * Layout: a 16-byte header (magic, version, dimensions, passages), each passage's first row and
 * one past its last (int32, passages + 1 of them), then the rows: a float32 scale and the
 * dimensions' int8 codes, a value being its code times the scale. A passage's rows lie together.
 */
const MAGIC = 0x3153424e; // "NBS1", little-endian
const VERSION = 1;
const HEADER = 16;

/** A row's bytes: the scale, then the codes, padded to a whole number of 4 bytes. */
export const rowBytes = (dims: number): number => 4 + Math.ceil(dims / 4) * 4;

/** The 8-bit row of a vector: its largest magnitude maps to 127. */
function encodeRow(vector: Float32Array, into: DataView, at: number): void {
  let largest = 0;
  for (const x of vector) largest = Math.max(largest, Math.abs(x));
  const scale = largest > 0 ? largest / 127 : 0;
  into.setFloat32(at, scale, true);
  for (let k = 0; k < vector.length; k++) into.setInt8(at + 4 + k, scale > 0 ? Math.round(vector[k]! / scale) : 0);
}

function decodeRow(bytes: Uint8Array, at: number, dims: number): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const scale = view.getFloat32(at, true);
  const vector = new Float32Array(dims);
  for (let k = 0; k < dims; k++) vector[k] = view.getInt8(at + 4 + k) * scale;
  return vector;
}

/**
 * What a passage's rows are made of: its sentences' vectors, or rows read from another part's
 * file (a kept passage, copied as it is: quantized once, never again).
 */
export type PassageRows = { vectors: readonly Float32Array[] } | { rows: Uint8Array; count: number };

/**
 * The file's bytes: its header, and its rows in one block (written with one call: a part's 500
 * passages as as many buffers made as many writes, 20-40 ms of a one-note re-index).
 */
export function sentenceRowsFile(passages: readonly PassageRows[], dims: number): [Uint8Array, Uint8Array] {
  const size = rowBytes(dims);
  const count = (p: PassageRows) => ('rows' in p ? p.count : p.vectors.length);
  const head = new DataView(new ArrayBuffer(HEADER + (passages.length + 1) * 4));
  head.setUint32(0, MAGIC, true);
  head.setUint32(4, VERSION, true);
  head.setUint32(8, dims, true);
  head.setUint32(12, passages.length, true);
  const body = new Uint8Array(passages.reduce((rows, p) => rows + count(p), 0) * size);
  const view = new DataView(body.buffer);
  let row = 0;
  passages.forEach((p, i) => {
    head.setInt32(HEADER + i * 4, row, true);
    if ('rows' in p) {
      if (p.rows.length !== p.count * size) throw new Error(`passage ${i}'s rows are ${p.rows.length} bytes, not ${p.count} rows of ${size}`);
      body.set(p.rows, row * size);
    } else {
      p.vectors.forEach((v, j) => {
        if (v.length !== dims) throw new Error(`passage ${i}'s sentence ${j} has ${v.length} dimensions, not ${dims}`);
        encodeRow(v, view, (row + j) * size);
      });
    }
    row += count(p);
  });
  head.setInt32(HEADER + passages.length * 4, row, true);
  return [new Uint8Array(head.buffer), body];
}

/**
 * `length` bytes of a file from `position`: opened for the read, and closed after it. Synchronous:
 * quoting reads three passages' rows (about 2 KB each) an answer, from files the index wrote or
 * read, so from the page cache. Through fs/promises an open, a read and a close cost 90-120 µs of
 * CPU each time (three trips to libuv's thread pool), against 6-11 µs here: about 0.3 ms of an
 * answer's 3.5-6.5 ms at 10,000 passages.
 */
function readAt(path: string, length: number, position: number): Uint8Array {
  const bytes = new Uint8Array(length);
  if (length === 0) return bytes;
  const fd = openSync(path, 'r');
  try {
    const bytesRead = readSync(fd, bytes, 0, length, position);
    if (bytesRead !== length) throw new Error(`${path} is shorter than its header says`);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/**
 * A part's sentences.bin: its header and row starts in memory, a passage's rows read from the file
 * when asked for. The file is opened for each read rather than held open: an engine is let go
 * without being closed (a command's, or one a re-index replaced), and a part's file never
 * changes (its name hashes its passages). It is deleted once no generation uses it: a read then
 * fails, and quoting embeds that passage's sentences instead.
 */
export class SentenceRows {
  private constructor(
    readonly path: string,
    readonly dims: number,
    /** Each passage's first row, and one past the last passage's last. */
    private readonly starts: Int32Array,
    private readonly rowsAt: number,
  ) {}

  /** Reads the file's header and row starts; checks they fit the file's size. */
  static async open(path: string): Promise<SentenceRows> {
    const file = await open(path, 'r');
    try {
      const { size } = await file.stat();
      const head = Buffer.alloc(HEADER);
      await file.read(head, 0, HEADER, 0);
      const [magic, version, dims, passages] = [0, 4, 8, 12].map((at) => head.readUInt32LE(at)) as [number, number, number, number];
      if (magic !== MAGIC || version !== VERSION) throw new Error(`${path} is not a sentence vector file of version ${VERSION}`);
      const rowsAt = HEADER + (passages + 1) * 4;
      if (rowsAt > size) throw new Error(`${path} is shorter than its header says`);
      const starts = new Int32Array(passages + 1);
      await file.read(new Uint8Array(starts.buffer), 0, starts.byteLength, HEADER);
      for (let i = 0; i < passages; i++) {
        if (starts[i]! < 0 || starts[i + 1]! < starts[i]!) throw new Error(`${path} is inconsistent: passage ${i}'s rows run backwards`);
      }
      if (starts[0] !== 0 || rowsAt + starts[passages]! * rowBytes(dims) !== size) throw new Error(`${path} is inconsistent: its rows do not fill it`);
      return new SentenceRows(path, dims, starts, rowsAt);
    } finally {
      await file.close();
    }
  }

  get passages(): number {
    return this.starts.length - 1;
  }

  /** The rows of passages from to to - 1 as they lie in the file, in one read: to copy into another part's file. */
  async rowsOf(from: number, to: number): Promise<{ rows: Uint8Array; count: number }[]> {
    if (!(from >= 0 && from < to && to <= this.passages)) throw new RangeError(`no passages ${from} to ${to - 1} among ${this.passages}`);
    const size = rowBytes(this.dims);
    const first = this.starts[from]!;
    const bytes = readAt(this.path, (this.starts[to]! - first) * size, this.rowsAt + first * size);
    return Array.from({ length: to - from }, (_, k) => {
      const [start, end] = [this.starts[from + k]! - first, this.starts[from + k + 1]! - first];
      return { rows: bytes.subarray(start * size, end * size), count: end - start };
    });
  }

  /** Passage i's sentence vectors, as quoting compares them with the question. */
  async vectors(i: number): Promise<Float32Array[]> {
    const [{ rows, count }] = (await this.rowsOf(i, i + 1)) as [{ rows: Uint8Array; count: number }];
    return Array.from({ length: count }, (_, j) => decodeRow(rows, j * rowBytes(this.dims), this.dims));
  }
}

/** An index's sentence vectors: its parts' files, each passage found by its place among all. */
export class SentenceStore {
  private constructor(
    private readonly parts: SentenceRows[],
    /** Each part's first passage, and one past the last part's last. */
    private readonly firsts: Int32Array,
  ) {}

  /** Reads each part's header; checks it holds the passages the index says. */
  static async open(parts: readonly { file: string; passages: number }[]): Promise<SentenceStore> {
    const opened = await Promise.all(
      parts.map(async ({ file, passages }) => {
        const rows = await SentenceRows.open(file);
        if (rows.passages !== passages) throw new Error(`${file} is inconsistent: it holds ${rows.passages} passages' sentences, not ${passages}`);
        return rows;
      }),
    );
    const firsts = new Int32Array(parts.length + 1);
    parts.forEach((part, k) => (firsts[k + 1] = firsts[k]! + part.passages));
    return new SentenceStore(opened, firsts);
  }

  get passages(): number {
    return this.firsts[this.parts.length]!;
  }

  /** The part holding passage i, and its first passage's place among all. */
  private partOf(i: number): number {
    if (!(i >= 0 && i < this.passages)) throw new RangeError(`no passage ${i} among ${this.passages}`);
    let low = 0;
    let high = this.parts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.firsts[mid]! <= i) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The rows of passages from to to - 1, one read for each part they lie in. */
  async rowsOf(from: number, to: number): Promise<{ rows: Uint8Array; count: number }[]> {
    const found: { rows: Uint8Array; count: number }[] = [];
    for (let i = from; i < to;) {
      const k = this.partOf(i);
      const end = Math.min(to, this.firsts[k + 1]!);
      found.push(...(await this.parts[k]!.rowsOf(i - this.firsts[k]!, end - this.firsts[k]!)));
      i = end;
    }
    return found;
  }

  async vectors(i: number): Promise<Float32Array[]> {
    const k = this.partOf(i);
    return this.parts[k]!.vectors(i - this.firsts[k]!);
  }
}
