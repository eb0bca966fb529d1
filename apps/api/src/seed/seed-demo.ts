import 'reflect-metadata';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppConfigModule, ClockModule, exitOnStartupFailure, preflight } from '@mou/common';
import { loadDatabaseConfig, validateAllConfig } from '@mou/config';
import { DatabaseModule } from '@mou/database';
import { type Actor, systemActor } from '@mou/domain';
import { AgreementsModule } from '../agreements/agreements.module.js';
import { AgreementsService } from '../agreements/agreements.service.js';
import type { AgreementFieldsDto } from '../agreements/dto/agreement-fields.dto.js';
import { AuditModule } from '../audit/audit.module.js';
import type { UpdateMilestoneDto } from '../milestones/dto/update-milestone.dto.js';
import { MilestonesModule } from '../milestones/milestones.module.js';
import { MilestonesService } from '../milestones/milestones.service.js';
import { demoAgreements, type DemoAgreement, type DemoMilestone } from './demo-agreements.data.js';
import { type SeededAgreement, SeedDemoRepository, type SeededMilestone } from './seed-demo.repository.js';

export const SEED_ACTOR = 'seed:demo';

export interface SeedTally {
  inserted: number;
  updated: number;
  unchanged: number;
}
export interface SeedSummary {
  agreements: SeedTally;
  milestones: SeedTally;
}

/** What the seed needs of a Nest application: the API itself, or the seed's own context. */
type Services = Pick<INestApplicationContext, 'get'>;

/**
 * Writes the demo agreements and their milestones through the same services the API
 * uses, as the system actor `seed:demo`: every record gets its audit events, its term
 * rows and its reminder plan, exactly as if an officer had typed it in. A re-run changes
 * nothing unless the data here changed or someone edited a seeded record, which it puts
 * back (fields only: a seeded agreement's lifecycle moves on through its status routes,
 * and the seed leaves its status alone). A record someone else created under a seed
 * reference is never touched: the run stops, before writing anything, naming it.
 */
export async function seedDemo(app: Services): Promise<SeedSummary> {
  const seed = new SeedDemoRepository(app.get<DataSource>(getDataSourceToken()));
  const agreements = app.get(AgreementsService);
  const milestones = app.get(MilestonesService);
  const actor: Actor = systemActor(SEED_ACTOR);
  return seed.withSeedLock(async () => {
    const existing = await readAgreements(seed);
    for (const demo of demoAgreements) {
      const found = existing.get(demo.reference);
      if (found && found.created_by !== SEED_ACTOR) {
        throw new Error(`${demo.reference} was created by ${found.created_by}, not ${SEED_ACTOR}; leaving it alone`);
      }
    }
    const summary: SeedSummary = { agreements: emptyTally(), milestones: emptyTally() };
    for (const demo of demoAgreements) {
      const found = existing.get(demo.reference);
      let id: string;
      if (!found) {
        id = (
          await agreements.create({ ...agreementFields(demo), reference: demo.reference, status: demo.status }, actor)
        ).id;
        summary.agreements.inserted += 1;
      } else {
        id = found.id;
        const changes = changedFields(agreementFields(demo), storedAgreement(found));
        if (changes) await agreements.update(id, { ...changes, version: found.version }, actor);
        summary.agreements[changes ? 'updated' : 'unchanged'] += 1;
      }
      const stored = await readMilestones(seed, id);
      for (const milestone of demo.milestones) {
        const current = stored.get(milestone.title);
        if (!current) {
          await milestones.create(id, { ...milestoneFields(milestone), title: milestone.title }, actor);
          summary.milestones.inserted += 1;
          continue;
        }
        const changes = changedFields(milestoneFields(milestone), storedMilestone(current));
        if (changes) await milestones.update(current.id, { ...changes, version: current.version }, actor);
        summary.milestones[changes ? 'updated' : 'unchanged'] += 1;
      }
    }
    return summary;
  });
}

const emptyTally = (): SeedTally => ({ inserted: 0, updated: 0, unchanged: 0 });

/** The fields a seeded agreement is kept at; everything else is left to its users. */
function agreementFields(a: DemoAgreement) {
  return {
    titleEn: a.titleEn,
    titleTh: a.titleTh,
    kind: a.kind,
    parties: a.parties.map(({ country, organization }) => ({ country, organization })),
    leadAgency: a.leadAgency,
    areas: [...a.areas].sort(),
    summary: a.summary,
    cabinetApprovedOn: a.cabinetApprovedOn,
    signedOn: a.signedOn,
    effectiveOn: a.effectiveOn,
    termMonths: a.termMonths,
    renewal: a.renewal,
    noticeDays: a.noticeDays,
    sourceUrls: a.sourceUrls,
    tags: a.tags,
  } satisfies Partial<AgreementFieldsDto>;
}

function milestoneFields(m: DemoMilestone) {
  return {
    description: m.description,
    area: m.areaCode,
    ownerAgency: m.ownerAgency,
    dueOn: m.dueOn,
    status: m.status,
    targetValue: m.targetValue,
    unit: m.unit,
  } satisfies Partial<UpdateMilestoneDto>;
}

/** The fields of `wanted` whose values differ from `stored`, or null when none does. */
function changedFields<T extends Record<string, unknown>>(
  wanted: T,
  stored: Record<keyof T, unknown>,
): Partial<T> | null {
  const changed = Object.entries(wanted).filter(
    ([field, value]) => JSON.stringify(value) !== JSON.stringify(stored[field as keyof T]),
  );
  return changed.length ? (Object.fromEntries(changed) as Partial<T>) : null;
}

async function readAgreements(seed: SeedDemoRepository): Promise<Map<string, SeededAgreement>> {
  const rows = await seed.agreementsByReference(demoAgreements.map((a) => a.reference));
  return new Map(rows.map((row) => [row.reference, row]));
}

function storedAgreement(row: SeededAgreement): Record<keyof ReturnType<typeof agreementFields>, unknown> {
  return {
    titleEn: row.title_en,
    titleTh: row.title_th,
    kind: row.kind,
    parties: row.parties.map(({ country, organization }) => ({ country, organization })),
    leadAgency: row.lead_agency,
    areas: row.areas,
    summary: row.summary,
    cabinetApprovedOn: row.cabinet_approved_on,
    signedOn: row.signed_on,
    effectiveOn: row.effective_on,
    termMonths: row.term_months,
    renewal: row.renewal,
    noticeDays: row.notice_days,
    sourceUrls: row.source_urls,
    tags: row.tags,
  };
}

/** An agreement's live milestones by title: the key a re-run matches on. */
async function readMilestones(seed: SeedDemoRepository, agreementId: string): Promise<Map<string, SeededMilestone>> {
  return new Map((await seed.liveMilestones(agreementId)).map((row) => [row.title, row]));
}

function storedMilestone(row: SeededMilestone): Record<keyof ReturnType<typeof milestoneFields>, unknown> {
  return {
    description: row.description,
    area: row.area_code,
    ownerAgency: row.owner_agency,
    dueOn: row.due_on,
    status: row.status,
    targetValue: row.target_value === null ? null : Number(row.target_value),
    unit: row.unit,
  };
}

const describeTally = (t: SeedTally) => `${t.inserted} inserted, ${t.updated} updated, ${t.unchanged} unchanged`;

export function formatSummary(summary: SeedSummary, database: string): string {
  return (
    `seed:demo: ${database}: agreements ${describeTally(summary.agreements)}; ` +
    `milestones ${describeTally(summary.milestones)}`
  );
}

/** Only what the services that write agreements and milestones need; no HTTP, no Redis. */
@Module({ imports: [AppConfigModule, ClockModule, DatabaseModule, AuditModule, AgreementsModule, MilestonesModule] })
export class SeedModule {}

/** The CLI: the same checks as the API's boot (migrations included), then the seed. */
async function main(): Promise<void> {
  validateAllConfig();
  await preflight();
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  try {
    console.log(formatSummary(await seedDemo(app), new URL(loadDatabaseConfig().url).pathname.slice(1)));
  } finally {
    await app.close();
  }
}

/** True when node was started on this file; a test importing seedDemo must not seed the configured database. */
function isEntryPoint(): boolean {
  try {
    return !!process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) main().catch(exitOnStartupFailure('seed:demo'));
