import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookSink {
  url: string;
  /** POSTs received, distinct X-MOU-Delivery ids among them, and first/last arrival (ms). */
  stats(): { requests: number; distinct: number; first: number; last: number; connections: number };
  close(): Promise<void>;
}

/**
 * A webhook receiver that answers 200 at once and keeps only counts, so it costs the
 * machine as little as possible. It keeps connections alive as Node does by default (5 s):
 * undici takes a second off a server's keep-alive hint, so a receiver advertising 1 s (as
 * test/support/webhook-receiver.ts does) gets a new TCP connection for every POST.
 */
export async function startWebhookSink(): Promise<WebhookSink> {
  const ids = new Set<string>();
  let requests = 0;
  let connections = 0;
  let first = 0;
  let last = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const now = Date.now();
      if (!requests) first = now;
      last = now;
      requests += 1;
      ids.add(String(request.headers['x-mou-delivery'] ?? ''));
      response.writeHead(200, { 'Content-Length': '0' }).end();
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    stats: () => ({ requests, distinct: ids.size, first, last, connections }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
