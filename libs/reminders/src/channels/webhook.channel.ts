import { assertWebhookUrlAllowed } from '../webhook-url.policy.js';
import { SIGNATURE_PREFIX, signWebhook, webhookHeaders } from '../webhook-signature.js';
import type { DeliveryContext, ReminderMessage } from './delivery-context.js';

export interface WebhookChannelOptions {
  timeoutMs: number;
  allowPrivate: boolean;
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

/**
 * Delivers one reminder to one webhook as a signed POST. Anything but a 2xx throws, and
 * the caller stores the message as last_error and lets BullMQ retry with backoff. Error
 * messages name the URL's origin only: paths and queries often carry receivers' tokens.
 */
export class WebhookChannel {
  constructor(private readonly opts: WebhookChannelOptions) {}

  async send(ctx: DeliveryContext, message: ReminderMessage): Promise<void> {
    if (!ctx.webhook) throw new Error(`Delivery ${ctx.deliveryId} has no webhook to send to`);
    const { url, secret } = ctx.webhook;
    // Checked again at send time: the hostname may resolve elsewhere than at registration.
    await assertWebhookUrlAllowed(url, this.opts.allowPrivate);

    const body = JSON.stringify(webhookPayload(ctx, message));
    const timestamp = Math.floor(Date.now() / 1000);
    const target = new URL(url).origin;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        body,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'MOU-Tracker-Webhook/1',
          [webhookHeaders.event]: ctx.kind,
          [webhookHeaders.delivery]: ctx.deliveryId,
          [webhookHeaders.timestamp]: String(timestamp),
          [webhookHeaders.signature]: `${SIGNATURE_PREFIX}${signWebhook(secret, timestamp, body)}`,
        },
        // A redirect could lead past the URL policy, so it is a failure, not followed.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (error) {
      throw new Error(`Webhook POST to ${target} failed: ${describeFailure(error, this.opts.timeoutMs)}`, {
        cause: error,
      });
    }
    // The body is not needed; cancelling it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    if (response.status < 200 || response.status > 299) {
      const location = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
      throw new Error(`Webhook POST to ${target} answered HTTP ${response.status}${location}`);
    }
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}
