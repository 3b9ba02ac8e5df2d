import { createServer, type Server } from 'node:http';

/**
 * GET /health answers 200 while the bot is connected to the gateway and 503 otherwise: the
 * container's HEALTHCHECK asks it. It also tells the process's memory. Bound to loopback: only
 * the container itself can reach it.
 */
export function startHealthServer(port: number, isConnected: () => boolean): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/health') {
      res.writeHead(404).end();
      return;
    }
    const ok = isConnected();
    const { rss, heapUsed } = process.memoryUsage();
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
    res
      .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: ok ? 'connected' : 'disconnected', rss_mb: mb(rss), heap_mb: mb(heapUsed) }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
