import { Agent, request } from 'undici';
import { assertWebhookUrlShape, checkedLookup, type HostLookup, WebhookAddressRefused } from '../webhook-url.policy.js';
import { SIGNATURE_PREFIX, signWebhook, webhookHeaders } from '../webhook-signature.js';
import type { DeliveryContext, ReminderMessage } from './delivery-context.js';

export interface WebhookChannelOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  /** How host names are resolved (the system's resolver unless a test says otherwise). */
  lookup?: HostLookup;
}

/** The JSON a receiver gets; `deliveryId` repeats the X-MOU-Delivery header for dedupe. */
export function webhookPayload(ctx: DeliveryContext, message: ReminderMessage) {
  return {
    deliveryId: ctx.deliveryId,
    event: ctx.kind,
    reminderId: ctx.reminderId,
    agreement: ctx.agreement,
    milestone: ctx.milestone,
    targetOn: ctx.targetOn,
    daysLeft: ctx.daysLeft,
    today: ctx.today,
    message: {
      subjectEn: message.subjectEn,
      subjectTh: message.subjectTh,
      bodyEn: message.bodyEn,
      bodyTh: message.bodyTh,
    },
  };
}

/** undici's errors for a receiver that does not connect or answer in time. */
const TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Delivers one reminder to one webhook as a signed POST. Anything but a 2xx throws, and
 * the caller stores the message as last_error and lets BullMQ retry with backoff. Error
 * messages name the URL's origin only: paths and queries often carry receivers' tokens.
 *
 * Sent with undici's request API on an agent of the channel's own, which keeps
 * connections to receivers alive and bounds connecting, waiting for the answer and
 * reading it by the timeout. (fetch, on the same undici, cost several times the CPU per
 * POST: a WHATWG Request, Response and AbortSignal for each.) Redirects are not followed:
 * one could lead past the URL policy, so it is a failure.
 *
 * The URL policy is applied where the connection is made: the agent resolves each host
 * once, through checkedLookup, and connects to exactly the addresses that passed, so a
 * host cannot answer one address to the check and another to the connection.
 */
export class WebhookChannel {
  private readonly agent: Agent;

  constructor(private readonly opts: WebhookChannelOptions) {
    this.agent = new Agent({
      connect: { lookup: checkedLookup(opts.allowPrivate, opts.lookup) },
      connectTimeout: opts.timeoutMs,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
  }

  async send(ctx: DeliveryContext, message: ReminderMessage): Promise<void> {
    if (!ctx.webhook) throw new Error(`Delivery ${ctx.deliveryId} has no webhook to send to`);
    const { url, secret } = ctx.webhook;
    // Scheme and IP literals here; a host name's addresses when the agent connects to them.
    assertWebhookUrlShape(url, this.opts.allowPrivate);

    const body = JSON.stringify(webhookPayload(ctx, message));
    const timestamp = Math.floor(Date.now() / 1000);
    let status: number;
    try {
      const response = await request(url, {
        dispatcher: this.agent,
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'MOU-Tracker-Webhook/1',
          [webhookHeaders.event]: ctx.kind,
          [webhookHeaders.delivery]: ctx.deliveryId,
          [webhookHeaders.timestamp]: String(timestamp),
          [webhookHeaders.signature]: `${SIGNATURE_PREFIX}${signWebhook(secret, timestamp, body)}`,
        },
      });
      status = response.statusCode;
      // The body is not needed; draining it frees the connection for the next POST.
      await response.body.dump();
    } catch (error) {
      throw new Error(`Webhook POST to ${new URL(url).origin} failed: ${describeFailure(error, this.opts.timeoutMs)}`, {
        cause: error,
      });
    }
    if (status < 200 || status > 299) {
      const location = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
      throw new Error(`Webhook POST to ${new URL(url).origin} answered HTTP ${status}${location}`);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (error instanceof WebhookAddressRefused) return `refused: ${error.message}`;
  if (e?.code && TIMEOUTS.has(e.code)) return `no answer within ${timeoutMs} ms`;
  return e?.code ?? e?.cause?.code ?? e?.message ?? String(error);
}
