# notes-bot: the Discord bot with its model and index baked in.
#   docker build -t notes-bot .
#   docker run --env-file .env notes-bot
# Build args: EMBEDDING_MODEL (a Hugging Face model id, fetched at build time).
ARG NODE_IMAGE=node:24-bookworm-slim

# Compiles the TypeScript to dist/: the image runs plain JavaScript, no transpiler.
FROM ${NODE_IMAGE} AS compile
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Production dependencies only. .npmrc skips onnxruntime-node's download step: the CPU runtime
# ships in the package.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# better-sqlite3 (the question log) downloads a prebuilt binary; where there is none, it compiles.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund

# Fetches the model into the image and builds the index from notes/, so that the container
# never downloads anything at run time and answers from its first second.
FROM ${NODE_IMAGE} AS index
WORKDIR /app
ARG EMBEDDING_MODEL=Snowflake/snowflake-arctic-embed-xs
ENV EMBEDDING_MODEL=${EMBEDDING_MODEL} \
    MODEL_CACHE_DIR=/app/.cache/models \
    INDEX_DIR=/app/.index \
    NOTES_DIR=/app/notes
COPY --from=deps /app/node_modules ./node_modules
COPY --from=compile /app/dist ./dist
COPY package.json ./
COPY models ./models
COPY notes ./notes
RUN node dist/cli/index.js

FROM ${NODE_IMAGE}
WORKDIR /app
ARG EMBEDDING_MODEL=Snowflake/snowflake-arctic-embed-xs
ENV NODE_ENV=production \
    EMBEDDING_MODEL=${EMBEDDING_MODEL} \
    MODEL_CACHE_DIR=/app/.cache/models \
    ALLOW_MODEL_DOWNLOAD=false \
    INDEX_DIR=/app/.index \
    NOTES_DIR=/app/notes \
    QUESTION_LOG_FILE=/app/.data/questions.db \
    HEALTH_PORT=8080
COPY --from=deps /app/node_modules ./node_modules
COPY --from=compile /app/dist ./dist
COPY package.json ./
# The bundled small model: what answers if the baked-in one cannot be loaded.
COPY models ./models
COPY --chown=node:node notes ./notes
COPY --from=index --chown=node:node /app/.cache ./.cache
COPY --from=index --chown=node:node /app/.index ./.index
# The question log's folder, the bot's to write (mount a volume here to keep the log across images).
RUN mkdir -p /app/.data && chown node:node /app/.data
# The image's unprivileged user; it owns only what the bot writes (notes and index).
USER node
# Readiness, not mere liveness: healthy means the index is loaded and the gateway connected.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.HEALTH_PORT}/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Two malloc heaps, not one per thread: what the indexing thread frees otherwise stays in its own
# (the peak through two full re-indexes at 10,000 passages: 438-477 MB, 433 MB with two).
ENV MALLOC_ARENA_MAX=2
# node itself, not npm: `docker stop` sends SIGTERM straight to the bot, which closes the
# gateway and exits 0.
CMD ["node", "dist/discord/main.js"]
