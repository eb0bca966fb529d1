import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
  deliveryId: string;
}

/**
 * A local HTTP receiver for webhooks. `respond` decides each answer (status, delay), so a
 * test can make it slow, failing, or fine. `hooks` holds what it accepted (2xx), `attempts`
 * every request that reached it.
 */
export async function startWebhookReceiver(
  respond: (hook: ReceivedHook) => { status: number; delayMs?: number } = () => ({ status: 200 }),
): Promise<{ url: string; hooks: ReceivedHook[]; attempts: ReceivedHook[]; close(): Promise<void> }> {
  const hooks: ReceivedHook[] = [];
  const attempts: ReceivedHook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const hook = {
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        deliveryId: String(request.headers['x-mou-delivery'] ?? ''),
      };
      attempts.push(hook);
      const { status, delayMs = 0 } = respond(hook);
      setTimeout(() => {
        if (status < 300) hooks.push(hook); // only what the receiver accepted counts as arrived
        response.writeHead(status).end();
      }, delayMs);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    hooks,
    attempts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
