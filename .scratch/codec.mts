import { LocalIndex, ProtobufCodec } from 'vectra';
import { rmSync, statSync } from 'node:fs';
const n = 10000, d = 384;
const items = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, vector: Array.from({ length: d }, () => Math.random() - 0.5), metadata: { noteId: `n${i >> 3}` } }));
for (const [name, codec] of [['json', undefined], ['pb', new ProtobufCodec()]] as const) {
  const dir = `/tmp/codec-${name}`; rmSync(dir, { recursive: true, force: true });
  const idx = new LocalIndex(dir, undefined, undefined, codec as any);
  let t = performance.now();
  await idx.createIndex({ version: 1 });
  await idx.batchInsertItems(items);
  const w = performance.now() - t;
  t = performance.now();
  const idx2 = new LocalIndex(dir, undefined, undefined, codec as any);
  const all = await idx2.listItems();
  const r = performance.now() - t;
  console.log(name, 'write', w.toFixed(0), 'read', r.toFixed(0), 'items', all.length, 'size MB', (statSync(`${dir}/index.${name}`).size / 1e6).toFixed(1));
}
