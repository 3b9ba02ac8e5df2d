/**
 * Typed arrays on shared memory. The indexing thread keeps each keyword segment for its next
 * builds while the answering thread searches it: shared, it is in both threads at no cost, where
 * a moved array is gone from the thread that sent it and a copied one is paid for at every
 * re-index (the keyword arrays are 75 MB at 100,000 passages).
 */
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}

export function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * 4));
}

/** The array itself when its memory is shared already, else a shared copy. */
export function shared<T extends Int32Array | Float32Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = array instanceof Int32Array ? sharedInt32(array.length) : sharedFloat32(array.length);
  copy.set(array);
  return copy as T;
}
