import dns from 'node:dns';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { verifyWebhookSignature } from '../webhook-signature.js';
import type { DeliveryContext, ReminderMessage } from './delivery-context.js';
import { WebhookChannel } from './webhook.channel.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real receiver on 127.0.0.1; each test says how it answers. */
let server: Server;
let base: string;
let received: Received[];
let answer: (res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
  answer = (res) => res.writeHead(204).end();
});

const secret = 'test-secret-0123456789abcdef';
const message: ReminderMessage = {
  subjectEn: 'MOC-2017-0001 expires in 30 days',
  subjectTh: 'MOC-2017-0001 จะสิ้นสุดในอีก 30 วัน',
  bodyEn: 'The memorandum with Japan expires on 2022-06-04.',
  bodyTh: 'บันทึกความร่วมมือกับญี่ปุ่นสิ้นสุดวันที่ 4 มิถุนายน 2565',
};

function context(path = '/hook?token=abc'): DeliveryContext {
  return {
    deliveryId: '6f1c2f8e-6a35-4a61-9d5f-0d3c8e1b2a10',
    reminderId: '0b8f5f5e-2c3d-4e5f-8a9b-1c2d3e4f5a6b',
    channel: 'webhook',
    recipient: 'c1d2e3f4-0000-4000-8000-000000000001',
    webhook: { id: 'c1d2e3f4-0000-4000-8000-000000000001', url: `${base}${path}`, secret },
    kind: 'expiry',
    targetOn: '2022-06-04',
    today: '2022-05-05',
    daysLeft: 30,
    agreement: {
      id: '9a7b6c5d-1111-4222-8333-444455556666',
      reference: 'MOC-2017-0001',
      titleEn: 'ICT and Digital cooperation with MIC Japan',
      titleTh: 'บันทึกความร่วมมือด้านดิจิทัลกับญี่ปุ่น',
      leadAgency: 'MDES',
    },
    milestone: null,
  };
}

const channel = (timeoutMs = 2000) => new WebhookChannel({ timeoutMs, allowPrivate: true });

describe('WebhookChannel', () => {
  it('POSTs the reminder as signed JSON with the documented headers', async () => {
    await channel().send(context(), message);

    expect(received).toHaveLength(1);
    const [{ method, url, headers, body }] = received;
    expect(method).toBe('POST');
    expect(url).toBe('/hook?token=abc');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-mou-event']).toBe('expiry');
    expect(headers['x-mou-delivery']).toBe('6f1c2f8e-6a35-4a61-9d5f-0d3c8e1b2a10');
    const timestamp = Number(headers['x-mou-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(5);
    const signature = String(headers['x-mou-signature']);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, String(headers['x-mou-timestamp']), body, signature)).toBe(true);
    expect(verifyWebhookSignature('another-secret-entirely', timestamp, body, signature)).toBe(false);

    expect(JSON.parse(body)).toEqual({
      deliveryId: '6f1c2f8e-6a35-4a61-9d5f-0d3c8e1b2a10',
      event: 'expiry',
      reminderId: '0b8f5f5e-2c3d-4e5f-8a9b-1c2d3e4f5a6b',
      agreement: context().agreement,
      milestone: null,
      targetOn: '2022-06-04',
      daysLeft: 30,
      today: '2022-05-05',
      message,
    });
  });

  it('throws on a 500, naming the status but not the path or its token', async () => {
    answer = (res) => res.writeHead(500).end('boom');
    const error = await channel()
      .send(context(), message)
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`Webhook POST to ${base} answered HTTP 500`);
  });

  it('treats a redirect as a failure and does not follow it', async () => {
    answer = (res) => res.writeHead(302, { Location: `${base}/elsewhere` }).end();
    await expect(channel().send(context(), message)).rejects.toThrow(/HTTP 302 \(redirects are not followed\)/);
    expect(received.map((r) => r.url)).toEqual(['/hook?token=abc']);
  });

  it('gives up when the receiver does not answer in time', async () => {
    answer = () => undefined; // never answers
    const started = Date.now();
    await expect(channel(300).send(context(), message)).rejects.toThrow(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a refused connection by its cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const ctx = context();
    ctx.webhook = { ...ctx.webhook!, url: `http://127.0.0.1:${port}/hook` };
    await expect(channel().send(ctx, message)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('re-checks the URL policy and sends nothing to a loopback receiver unless private ones are allowed', async () => {
    const strict = new WebhookChannel({ timeoutMs: 2000, allowPrivate: false });
    await expect(strict.send(context(), message)).rejects.toThrow(/loopback/);
    expect(received).toHaveLength(0);
  });

  it('refuses a host name that resolves to a private address, sending nothing', async () => {
    const ctx = context();
    ctx.webhook = { ...ctx.webhook!, url: ctx.webhook!.url.replace('127.0.0.1', 'hooks.mou.test') };
    const strict = new WebhookChannel({
      timeoutMs: 2000,
      allowPrivate: false,
      lookup: async () => [{ address: '127.0.0.1' }],
    });
    await expect(strict.send(ctx, message)).rejects.toThrow(
      /^Webhook POST to http:\/\/hooks\.mou\.test:\d+ failed: refused: host "hooks\.mou\.test" points at a loopback address/,
    );
    expect(received).toHaveLength(0);
  });

  it('connects to the address it checked, so a host cannot rebind to a private one after the check', async () => {
    // The system resolver, as both the check and the connection would use it: the host
    // answers a public address first and the receiver's loopback ever after.
    const host = 'rebind.mou.test';
    const answers: string[] = [];
    const answer = () => {
      answers.push(answers.length === 0 ? '93.184.216.34' : '127.0.0.1');
      return answers.at(-1)!;
    };
    const { lookup, promises } = dns;
    const promisesLookup = promises.lookup;
    const fakeLookup = ((hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
      if (hostname !== host) return (lookup as (...args: unknown[]) => void)(hostname, options, callback);
      const address = answer();
      if ((options as { all?: boolean }).all) callback(null, [{ address, family: 4 }]);
      else callback(null, address, 4);
    }) as typeof dns.lookup;
    const fakePromisesLookup = (async (hostname: string, options: unknown) => {
      if (hostname !== host) return promisesLookup(hostname, options as dns.LookupAllOptions);
      const address = answer();
      return (options as { all?: boolean }).all ? [{ address, family: 4 }] : { address, family: 4 };
    }) as typeof promises.lookup;
    dns.lookup = fakeLookup;
    promises.lookup = fakePromisesLookup;
    const strict = new WebhookChannel({ timeoutMs: 500, allowPrivate: false });
    try {
      const ctx = context();
      ctx.webhook = { ...ctx.webhook!, url: ctx.webhook!.url.replace('127.0.0.1', host) };
      // The public address is not reachable from here: the POST fails, and reaches nobody else.
      await expect(strict.send(ctx, message)).rejects.toThrow(/^Webhook POST to http:\/\/rebind\.mou\.test:\d+ failed/);
      expect(received).toHaveLength(0);
      expect(answers).toEqual(['93.184.216.34']);
    } finally {
      dns.lookup = lookup;
      promises.lookup = promisesLookup;
      await strict.close();
    }
  });
});
