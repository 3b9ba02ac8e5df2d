/** Typed arrays to one block of bytes and back: how an index's arrays are stored. */
export type Stored = Int32Array | Float32Array;

export interface ArrayLayout {
  type: 'i32' | 'f32';
  /** In bytes, from the start of the block. */
  offset: number;
  length: number;
}

/**
 * The layout of the arrays laid end to end, and their bytes to write in that order: views of the
 * arrays, not a copy (at 100,000 passages a block of them all was 0.4 s of a one-note re-index,
 * most of it the page faults of a new buffer). Every array is a whole number of 4-byte elements,
 * so every offset is aligned.
 */
export function layArrays(arrays: Record<string, Stored>): { layout: Record<string, ArrayLayout>; parts: Uint8Array[] } {
  const layout: Record<string, ArrayLayout> = {};
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const [name, array] of Object.entries(arrays)) {
    layout[name] = { type: array instanceof Int32Array ? 'i32' : 'f32', offset, length: array.length };
    parts.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    offset += array.byteLength;
  }
  return { layout, parts };
}

/** Views into the bytes where they are aligned (no copy), copies where not. Checks every bound. */
export function unpackArrays(layout: Record<string, ArrayLayout>, bytes: Buffer): Record<string, Stored> {
  const out: Record<string, Stored> = {};
  for (const [name, { type, offset, length }] of Object.entries(layout)) {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length * 4 > bytes.length) {
      throw new Error(`array ${name} lies outside its file`);
    }
    const at = bytes.byteOffset + offset;
    const source = at % 4 === 0 ? bytes.buffer : bytes.buffer.slice(at, at + length * 4);
    const start = at % 4 === 0 ? at : 0;
    out[name] = type === 'i32' ? new Int32Array(source, start, length) : new Float32Array(source, start, length);
  }
  return out;
}
