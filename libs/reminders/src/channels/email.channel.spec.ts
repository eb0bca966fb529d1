import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { renderReminderMessage } from '../reminder-message.js';
import { EmailChannel } from './email.channel.js';
import { japanMemorandumDelivery } from '../testing/delivery-context.fixture.js';

const ctx = japanMemorandumDelivery;
const message = renderReminderMessage(ctx);

interface Received {
  mailFrom: string;
  rcptTo: string[];
  raw: string;
}

// A minimal reader for what nodemailer writes: one text part, headers with RFC 2047 words.
function parse(raw: string) {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(headers)?.[1];
  return { header, text: Buffer.from(raw.slice(split + 4).replace(/\s+/g, ''), 'base64').toString('utf8') };
}

// Adjacent encoded words are decoded as one byte run: a Thai character may be split across two.
function decodeWords(value: string): string {
  const word = /=\?UTF-8\?([BQ])\?([^?]*)\?=/gi;
  return value.replace(new RegExp(`${word.source}(?:\\s+${word.source})*`, 'gi'), (run) => {
    const bytes = [...run.matchAll(word)].map(([, encoding, data]) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ),
    );
    return Buffer.concat(bytes).toString('utf8');
  });
}

describe('EmailChannel', () => {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('nobody@')) {
        return callback(Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const rcptTo = session.envelope.rcptTo.map((r) => r.address);
        received.push({ mailFrom, rcptTo, raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  let channel: EmailChannel;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    channel = new EmailChannel({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'MOU Tracker <no-reply@mou-tracker.local>',
    });
  });

  afterAll(async () => {
    await channel.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends a bilingual reminder with a Message-ID derived from the delivery', async () => {
    await channel.send(ctx, message);
    await channel.send(ctx, message); // a retry after a lost acknowledgement

    expect(received).toHaveLength(2);
    const [first, second] = received.map((mail) => parse(mail.raw));
    expect(received[0].mailFrom).toBe('no-reply@mou-tracker.local');
    expect(received[0].rcptTo).toEqual(['ir-officer@mdes.go.th']);
    expect(first.header('To')).toBe('ir-officer@mdes.go.th');
    expect(first.header('Message-ID')).toBe(`<${ctx.deliveryId}@mou-tracker>`);
    expect(second.header('Message-ID')).toBe(first.header('Message-ID'));
    expect(first.header('X-MOU-Delivery')).toBe(ctx.deliveryId);
    expect(first.header('Content-Type')).toMatch(/charset=utf-8/i);

    const subject = decodeWords(first.header('Subject') ?? '');
    expect(subject).toBe(`${message.subjectTh} / ${message.subjectEn}`);
    expect(subject).toContain('วันสิ้นสุดการมีผลบังคับใช้ วันที่ 4 มิถุนายน 2565');
    expect(first.text).toContain('วันสุดท้ายที่ความตกลงมีผลบังคับใช้คือวันที่ 4 มิถุนายน 2565');
    expect(first.text).toContain("The agreement's last day in force is 4 June 2022.");
  });

  it('throws, saying why, when the server rejects the recipient', async () => {
    const before = received.length;
    await expect(channel.send({ ...ctx, recipient: 'nobody@mdes.go.th' }, message)).rejects.toThrow(
      /^SMTP delivery via 127\.0\.0\.1:\d+ failed: EENVELOPE RCPT TO: .*550 5\.1\.1 No such mailbox/,
    );
    expect(received).toHaveLength(before);
  });

  it('throws when no SMTP server answers', async () => {
    // A port that was free a moment ago: connecting to it is refused at once.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));

    const unreachable = new EmailChannel({ smtpUrl: `smtp://user:secret@127.0.0.1:${port}`, from: 'x@example.org' });
    try {
      const failure = unreachable.send(ctx, message);
      await expect(failure).rejects.toThrow(/ECONNREFUSED/);
      await expect(failure).rejects.not.toThrow(/secret/);
    } finally {
      await unreachable.close();
    }
  });
});
