import { JsonCodec, type DocumentCatalog, type IndexCodec, type IndexData, type MetadataTypes } from 'vectra';
import { encodeVectorRows, readVectorRows, VECTOR_FILE_EXTENSION } from './vector-rows.js';

/**
 * A Vectra codec that stores the vectors as raw float32 rows after a JSON header of the items'
 * ids, metadata and norms. Vectra writes and reads the index through it like through its own
 * codecs; a reader that wants only the vectors (the serving process) takes them as one
 * Float32Array without building Vectra's item objects (readVectorRows), which is what makes the
 * index quick to load: Vectra's protobuf file took 280 ms to decode at 10,000 × 64, and its
 * items hold each vector as an array of doubles.
 */
export class Float32Codec implements IndexCodec {
  readonly extension = VECTOR_FILE_EXTENSION;
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
