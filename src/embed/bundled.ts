import { fileURLToPath } from 'node:url';

/**
 * The small real model that ships in the repository (models/, MIT, see its README): what tests,
 * eval and benches use, and what answers when the configured model cannot be loaded.
 */
export const BUNDLED_MODEL_NAME = 'model2vec-bge-base-en-v1.5-pca64-vq128';

/** Its folder, found from this file: the same from src/ (tsx) and from dist/ (compiled). */
export const BUNDLED_MODEL_DIR = fileURLToPath(new URL(`../../models/${BUNDLED_MODEL_NAME}`, import.meta.url));

/** What the index manifest records for it: independent of where the checkout lives. */
export const BUNDLED_MODEL_ID = `models/${BUNDLED_MODEL_NAME}`;
