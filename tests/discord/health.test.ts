import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startHealthServer, type HealthStatus } from '../../src/discord/health.js';

let server: Server | undefined;
afterEach(() => server?.close());

async function serve(status: () => HealthStatus, host = '127.0.0.1') {
  server = await startHealthServer({ port: 0, host }, status);
  const { port, address } = server.address() as { port: number; address: string };
  const get = async (endpoint: string) => {
    const r = await fetch(`http://127.0.0.1:${port}${endpoint}`);
    return { status: r.status, body: r.status === 404 ? undefined : await r.json() };
  };
  return { get, address };
}

describe('the health endpoints', () => {
  it('/health answers 200 while the process runs; /ready only once loaded and connected', async () => {
    let status: HealthStatus = { loaded: false, gateway: 'not connected', reindexing: false, startup: {} };
    const { get } = await serve(() => status);
    expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'alive', ready: false, loaded: false, gateway: 'not connected' } });
    expect(await get('/ready')).toMatchObject({ status: 503, body: { status: 'not ready', ready: false } });

    status = { loaded: true, gateway: 'identifying', reindexing: false, startup: {} };
    expect((await get('/ready')).status).toBe(503);

    status = { loaded: true, gateway: 'ready', reindexing: true, startup: { model: 900, index: 40 } };
    const ready = await get('/ready');
    expect(ready.body.startup_ms).toEqual({ model: 900, index: 40 });
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', ready: true, gateway: 'ready', reindexing: true } });
    expect(ready.body.rss_mb).toBeGreaterThan(0);

    status = { loaded: true, gateway: 'reconnecting', reindexing: false, startup: {} };
    expect(await get('/health')).toMatchObject({ status: 200, body: { gateway: 'reconnecting', ready: false } });
    expect((await get('/ready')).status).toBe(503);
    expect((await get('/other')).status).toBe(404);
  });

  it('listens on HEALTH_HOST: loopback by default, every interface with 0.0.0.0', async () => {
    const status = () => ({ loaded: true, gateway: 'ready', reindexing: false, startup: {} });
    expect((await serve(status)).address).toBe('127.0.0.1');
    server!.close();
    const open = await serve(status, '0.0.0.0');
    expect(open.address).toBe('0.0.0.0');
    expect((await open.get('/ready')).status).toBe(200);
  });
});
