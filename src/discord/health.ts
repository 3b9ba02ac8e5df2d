import { createServer, type Server } from 'node:http';

/** What the health endpoints report: filled in by the bot as it starts and runs. */
export interface HealthStatus {
  /** The model and the index are loaded: questions can be answered. */
  loaded: boolean;
  /** The gateway connection's state, as discord.js names it ("ready", "reconnecting", ...). */
  gateway: string;
  /** A re-index runs on the indexing thread (or waits to): answers come from the previous index meanwhile. */
  reindexing: boolean;
  /** How long each step of start-up took, in ms, as far as it has got (see main.ts). */
  startup: Record<string, number>;
}

export interface HealthAddress {
  port: number;
  /** 127.0.0.1 by default: only the machine or container itself probes it. */
  host: string;
}

/**
 * Two endpoints for orchestrators, with the process's memory in each body:
 * - GET /health (liveness): 200 while the process runs and answers HTTP.
 * - GET /ready (readiness): 200 once the model and index are loaded and the gateway is ready, 503
 *   before that and whenever the gateway is not ready (the container's HEALTHCHECK asks this).
 * It starts before the model loads, so that a probe during start-up gets an answer.
 */
export function startHealthServer({ port, host }: HealthAddress, status: () => HealthStatus): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || (path !== '/health' && path !== '/ready')) {
      res.writeHead(404).end();
      return;
    }
    const { loaded, gateway, reindexing, startup } = status();
    const ready = loaded && gateway === 'ready';
    const { rss, heapUsed } = process.memoryUsage();
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
    const body = {
      status: path === '/health' ? 'alive' : ready ? 'ready' : 'not ready',
      ready,
      loaded,
      gateway,
      reindexing,
      rss_mb: mb(rss),
      heap_mb: mb(heapUsed),
      startup_ms: startup,
    };
    res.writeHead(path === '/health' || ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
