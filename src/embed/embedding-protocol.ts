import type { StopMessage, StoppedMessage } from '../threads/stop.js';

/** What the answering thread asks of the embedding thread: one call of Embedder.embed. */
export interface EmbedRequest {
  type: 'embed';
  id: number;
  texts: string[];
  kind: 'query' | 'passage';
}

/** An embed, or a stop (threads/stop.ts). */
export type ToEmbeddingThread = EmbedRequest | StopMessage;

export type FromEmbeddingThread =
  | StoppedMessage
  | { type: 'ready'; model: string; dimensions: number }
  /** The model could not be loaded: `unavailable` when it is a ModelUnavailableError (a fallback may follow). */
  | { type: 'not-loaded'; message: string; unavailable: boolean }
  | { type: 'vectors'; id: number; vectors: Float32Array[] }
  | { type: 'failed'; id: number; message: string };
