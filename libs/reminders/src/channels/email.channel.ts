import { createTransport } from 'nodemailer';
import { renderEmail } from '../reminder-message.js';
import { webhookHeaders } from '../webhook-signature.js';
import type { DeliveryContext, ReminderMessage } from './delivery-context.js';

export interface EmailChannelOptions {
  /** smtp:// or smtps:// URL, credentials included when the relay needs them. */
  smtpUrl: string;
  /** The From header, e.g. 'MOU Tracker <no-reply@mou-tracker.local>'. */
  from: string;
}

/**
 * Sends one reminder as one bilingual plain-text email over a pooled SMTP connection.
 * Any failure throws; the caller stores the message as last_error and BullMQ retries.
 * The Message-ID is derived from the delivery id, so a retry after a lost acknowledgement
 * carries the same id and receiving systems (and tests) can recognise the duplicate.
 */
export class EmailChannel {
  private readonly transport;
  // Errors name the relay by host only: the URL may carry a password.
  private readonly relay: string;

  constructor(opts: EmailChannelOptions) {
    this.relay = new URL(opts.smtpUrl).host;
    this.transport = createTransport(
      {
        url: opts.smtpUrl,
        pool: true,
        // Nodemailer's defaults wait minutes; a stuck relay should fail the job and let BullMQ back off.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 60_000,
      },
      { from: opts.from },
    );
  }

  async send(ctx: DeliveryContext, message: ReminderMessage): Promise<void> {
    const { subject, text } = renderEmail(ctx, message);
    let rejected: string[];
    try {
      const info = await this.transport.sendMail({
        to: ctx.recipient,
        subject,
        text,
        // Thai is three bytes a character in UTF-8: base64 is far shorter than quoted-printable.
        textEncoding: 'base64',
        messageId: `<${ctx.deliveryId}@mou-tracker>`,
        headers: { [webhookHeaders.delivery]: ctx.deliveryId },
      });
      rejected = info.rejected;
    } catch (error) {
      throw new Error(`SMTP delivery via ${this.relay} failed: ${describeFailure(error)}`, { cause: error });
    }
    if (rejected.length > 0) throw new Error(`SMTP relay ${this.relay} rejected ${rejected.join(', ')}`);
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

function describeFailure(error: unknown): string {
  const e = error as { code?: string; command?: string; message?: string };
  const where = [e?.code, e?.command].filter(Boolean).join(' ');
  return `${where ? `${where}: ` : ''}${e?.message ?? String(error)}`;
}
