import type { INestApplicationContext } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { agreementWritableColumns } from '../../apps/api/src/agreements/agreement-columns.js';
import { AgreementTermsRepository } from '../../apps/api/src/agreements/agreement-terms.repository.js';
import { AgreementsRepository } from '../../apps/api/src/agreements/agreements.repository.js';
import type { AgreementResponse } from '../../apps/api/src/agreements/dto/agreement.response.js';
import type { MilestoneResponse } from '../../apps/api/src/milestones/dto/milestone.response.js';
import { milestoneWritableColumns } from '../../apps/api/src/milestones/milestone-columns.js';
import { MilestonesRepository } from '../../apps/api/src/milestones/milestones.repository.js';
import { agreementsConfig } from '../../config/index.js';
import { Clock } from '../../libs/domain/src/index.js';
import { ReminderPlanner } from '../../libs/reminders/src/index.js';
import { anAgreement, aMilestone } from './fixtures.js';
import type { TestApp } from './test-app.js';

/**
 * Rows written straight through the repositories, for tests that need an agreement or a
 * milestone to exist but are not about creating one: no HTTP round trip, no audit event,
 * no notification. What the record needs to be valid comes along as the service would
 * write it: the areas, the term history and the reminder plan. Fields are the API's
 * (anAgreement()/aMilestone() shapes); references are FACTORY-n so they never take a
 * number the API would give out.
 */

const BY = 'factory@test.invalid';
let references = 0;

type App = Pick<TestApp, 'dataSource'> & { app: INestApplicationContext };

/** API field → column value, the way AgreementsService writes it (JSON columns as text). */
function columnsOf(fields: Record<string, unknown>, columns: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(columns)
      .filter(([field]) => fields[field] !== undefined)
      .map(([field, column]) => {
        const value = fields[field];
        return [
          column,
          (field === 'parties' || field === 'reminderPolicy') && value !== null ? JSON.stringify(value) : value,
        ];
      }),
  );
}

/** Inserts a valid agreement (anAgreement() with `overrides`) and plans its reminders. */
export async function insertAgreement(t: App, overrides: Record<string, unknown> = {}): Promise<AgreementResponse> {
  const fields = anAgreement(overrides);
  const agreements = t.app.get(AgreementsRepository);
  const config = t.app.get<ConfigType<typeof agreementsConfig>>(agreementsConfig.KEY);
  references += 1;
  const id = await t.dataSource.transaction(async (tx) => {
    const newId = await agreements.insert(tx, {
      reference: `FACTORY-${process.pid}-${references}`,
      term_months: config.defaultTermMonths,
      notice_days: config.defaultNoticeDays,
      status: 'draft',
      ...columnsOf(fields, agreementWritableColumns),
      ...(fields.status !== undefined && { status: fields.status }),
      created_by: BY,
      updated_by: BY,
    });
    await agreements.replaceAreas(tx, newId, (fields.areas as string[] | undefined) ?? []);
    await t.app.get(AgreementTermsRepository).sync(tx, [newId], BY);
    await t.app.get(ReminderPlanner).replan(tx, [newId]);
    return newId;
  });
  return agreements.findOne(id);
}

/** Inserts a valid milestone (aMilestone() with `overrides`) under an agreement and replans its reminders. */
export async function insertMilestone(
  t: App,
  agreementId: string,
  overrides: Record<string, unknown> = {},
): Promise<MilestoneResponse> {
  const fields = aMilestone(overrides);
  const milestones = t.app.get(MilestonesRepository);
  const status = (fields.status as string | undefined) ?? 'planned';
  // The check constraint: a completion date exactly when done (the service's rule, today by default).
  const completedOn =
    status === 'done' ? ((fields.completedOn as string | undefined) ?? t.app.get(Clock).today()) : null;
  const id = await t.dataSource.transaction(async (tx) => {
    const newId = await milestones.insert(tx, {
      ...columnsOf(fields, milestoneWritableColumns),
      agreement_id: agreementId,
      status,
      completed_on: completedOn,
      created_by: BY,
      updated_by: BY,
    });
    await t.app.get(ReminderPlanner).replan(tx, [agreementId]);
    return newId;
  });
  return milestones.findOne(id);
}
