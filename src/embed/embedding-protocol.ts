/** What the answering thread asks of the embedding thread: one call of Embedder.embed. */
export interface EmbedRequest {
  id: number;
  texts: string[];
  kind: 'query' | 'passage';
}

export type FromEmbeddingThread =
  | { type: 'ready'; model: string; dimensions: number }
  /** The model could not be loaded: `unavailable` when it is a ModelUnavailableError (a fallback may follow). */
  | { type: 'not-loaded'; message: string; unavailable: boolean }
  | { type: 'vectors'; id: number; vectors: Float32Array[] }
  | { type: 'failed'; id: number; message: string };
