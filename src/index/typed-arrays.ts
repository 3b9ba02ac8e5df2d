/** Typed arrays to one block of bytes and back: how an index's arrays are stored. */
export type Stored = Int32Array | Float32Array;

export interface ArrayLayout {
  type: 'i32' | 'f32';
  /** In bytes, from the start of the block. */
  offset: number;
  length: number;
}

export function packArrays(arrays: Record<string, Stored>): { layout: Record<string, ArrayLayout>; bytes: Buffer } {
  const layout: Record<string, ArrayLayout> = {};
  let offset = 0;
  for (const [name, array] of Object.entries(arrays)) {
    layout[name] = { type: array instanceof Int32Array ? 'i32' : 'f32', offset, length: array.length };
    offset += array.byteLength;
  }
  const bytes = Buffer.alloc(offset);
  for (const [name, array] of Object.entries(arrays)) bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), layout[name]!.offset);
  return { layout, bytes };
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
