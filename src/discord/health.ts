import { createServer, type Server } from 'node:http';

/**
 * GET /health answers 200 while the bot is connected to the gateway and 503 otherwise: the
 * container's HEALTHCHECK asks it. Bound to loopback: only the container itself can reach it.
 */
export function startHealthServer(port: number, isConnected: () => boolean): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/health') {
      res.writeHead(404).end();
      return;
    }
    const ok = isConnected();
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'connected' : 'disconnected' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
