/**
 * How a model wants its text: a prefix for questions, one for passages, and how its token
 * vectors are pooled into one. Retrieval models are trained with these; without them they lose
 * much of what makes them good. Known per model id, and settable (EMBEDDING_QUERY_PREFIX,
 * EMBEDDING_PASSAGE_PREFIX, EMBEDDING_POOLING) for any other.
 */
export interface ModelProfile {
  queryPrefix: string;
  passagePrefix: string;
  pooling: 'mean' | 'cls';
}

const ARCTIC: ModelProfile = { queryPrefix: 'Represent this sentence for searching relevant passages: ', passagePrefix: '', pooling: 'cls' };
const E5: ModelProfile = { queryPrefix: 'query: ', passagePrefix: 'passage: ', pooling: 'mean' };
const PLAIN: ModelProfile = { queryPrefix: '', passagePrefix: '', pooling: 'mean' };

/** By the model's name (the last part of its id or folder), the profiles of the models worth picking. */
const KNOWN: [RegExp, ModelProfile][] = [
  [/snowflake-arctic-embed/i, ARCTIC],
  [/^bge-(small|base|large)-(en|zh)(-v1\.5)?$/i, { ...ARCTIC, queryPrefix: 'Represent this sentence for searching relevant passages: ' }],
  [/e5-(small|base|large)/i, E5],
];

export function knownProfile(model: string): ModelProfile {
  const name = model.split(/[\\/]/).pop() ?? model;
  return KNOWN.find(([pattern]) => pattern.test(name))?.[1] ?? PLAIN;
}

/** The profile of a model, with the settings that override it. */
export function modelProfile(model: string, overrides: Partial<ModelProfile> = {}): ModelProfile {
  return { ...knownProfile(model), ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}

/**
 * What the index records as the model: its id, and the passage prefix and pooling when they are
 * not the model's own, since passages embedded otherwise are not comparable.
 */
export function modelIdentity(model: string, profile: ModelProfile): string {
  const own = knownProfile(model);
  if (own.passagePrefix === profile.passagePrefix && own.pooling === profile.pooling) return model;
  return `${model} (pooling ${profile.pooling}, passage prefix ${JSON.stringify(profile.passagePrefix)})`;
}
