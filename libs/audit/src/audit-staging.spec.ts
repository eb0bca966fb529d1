import { describe, expect, it } from '@jest/globals';
import type { Actor } from '@mou/domain';
import { canonicalEvent, toJsonValue, toStoredText } from './audit-hash.js';
import { stagedText } from './audit.service.js';

describe('stagedText', () => {
  it('is the canonical event, split where its time goes', () => {
    const actor = {
      userId: '0F8FAD5B-D9CB-469F-A165-70867728950E',
      email: 'officer\ud800@mdes.go.th',
      role: 'officer',
      agency: 'MDES',
      requestId: 'req-1',
      ip: null,
      userAgent: 'jest',
    } as unknown as Actor;
    const event = {
      action: 'agreement.create',
      entityType: 'agreement',
      entityId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      after: { titleTh: 'บันทึก', parties: [{ country: 'TH', organization: 'MDES' }], summary: undefined, n: 1.5 },
      metadata: { importId: 'x', row: 2 },
    };
    const [head, tail] = stagedText(actor, event);
    const occurredAt = '2026-11-26T02:00:00.123Z';
    const id = JSON.parse(/"id":("[^"]+")/.exec(head)![1]) as string;
    expect(`${head}${JSON.stringify(occurredAt)}${tail}`).toBe(
      canonicalEvent({
        id,
        occurredAt,
        actorId: actor.userId!.toLowerCase(),
        actorEmail: toStoredText(actor.email),
        actorRole: actor.role,
        action: event.action,
        entityType: event.entityType,
        entityId: event.entityId,
        before: null,
        after: toJsonValue(event.after),
        metadata: toJsonValue(event.metadata),
        requestId: 'req-1',
        clientIp: null,
        userAgent: 'jest',
      }),
    );
  });
});
