import 'reflect-metadata';
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { DataSource, EntityManager } from 'typeorm';
import { exitOnStartupFailure, preflight } from '@mou/common';
import { loadDatabaseConfig, validateAllConfig } from '@mou/config';
import { createDataSource, isUnreachable, runMigrations, ServiceUnreachableError } from '@mou/database';
import { demoAgreements, type DemoAgreement, type DemoMilestone } from './demo-agreements.data.js';

export const SEED_ACTOR = 'seed:demo';

// Milestones have no unique key to upsert on, so two runs at once could both insert one;
// a transaction-scoped advisory lock makes concurrent runs take turns.
const SEED_LOCK_KEY = 72_017_0605;

export interface SeedTally {
  inserted: number;
  updated: number;
  unchanged: number;
}
export interface SeedSummary {
  agreements: SeedTally;
  milestones: SeedTally;
}
type Outcome = keyof SeedTally;

/**
 * Upserts the demo agreements and their milestones in one transaction: a re-run changes
 * nothing unless the data here changed (or someone edited a seeded record, which it puts back).
 */
export async function seedDemo(dataSource: DataSource): Promise<SeedSummary> {
  return dataSource.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
    const summary: SeedSummary = { agreements: emptyTally(), milestones: emptyTally() };
    for (const agreement of demoAgreements) {
      const { id, outcome } = await upsertAgreement(tx, agreement);
      summary.agreements[outcome] += 1;
      for (const milestone of agreement.milestones) {
        summary.milestones[await upsertMilestone(tx, id, milestone)] += 1;
      }
    }
    return summary;
  });
}

const emptyTally = (): SeedTally => ({ inserted: 0, updated: 0, unchanged: 0 });

/** Every writable column, so a re-run restores the whole record, not just some fields. */
function agreementValues(a: DemoAgreement): Record<string, unknown> {
  return {
    title_en: a.titleEn,
    title_th: a.titleTh,
    kind: a.kind,
    binding: false,
    parties: JSON.stringify(a.parties),
    lead_agency: a.leadAgency,
    summary: a.summary,
    cabinet_approved_on: a.cabinetApprovedOn,
    cabinet_resolution_ref: null,
    signed_on: a.signedOn,
    signed_place: null,
    effective_on: a.effectiveOn,
    term_months: a.termMonths,
    renewal: a.renewal,
    notice_days: a.noticeDays,
    contacts: [],
    source_urls: a.sourceUrls,
    tags: a.tags,
    status: a.status,
  };
}

async function upsertAgreement(tx: EntityManager, a: DemoAgreement): Promise<{ id: string; outcome: Outcome }> {
  const values = agreementValues(a);
  const columns = Object.keys(values);
  const list = (prefix: string) => columns.map((c) => `${prefix}${c}`).join(', ');
  // The WHERE leaves an unchanged row alone (no version bump) and never overwrites a
  // record an officer created under the same reference.
  const written: Array<{ id: string; inserted: boolean }> = await tx.query(
    `INSERT INTO agreement (reference, ${list('')}, created_by, updated_by)
     VALUES ($1, ${columns.map((_, i) => `$${i + 3}`).join(', ')}, $2, $2)
     ON CONFLICT (reference) DO UPDATE SET ${columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ')},
       version = agreement.version + 1, updated_at = now(), updated_by = EXCLUDED.updated_by
     WHERE agreement.created_by = $2 AND (${list('agreement.')}) IS DISTINCT FROM (${list('EXCLUDED.')})
     RETURNING id, (xmax = 0) AS inserted`,
    [a.reference, SEED_ACTOR, ...Object.values(values)],
  );
  let id: string;
  let outcome: Outcome;
  if (written.length) {
    id = written[0].id;
    outcome = written[0].inserted ? 'inserted' : 'updated';
  } else {
    const [existing]: Array<{ id: string; created_by: string }> = await tx.query(
      'SELECT id, created_by FROM agreement WHERE reference = $1',
      [a.reference],
    );
    if (existing.created_by !== SEED_ACTOR) {
      throw new Error(`${a.reference} was created by ${existing.created_by}, not ${SEED_ACTOR}; leaving it alone`);
    }
    id = existing.id;
    outcome = 'unchanged';
  }
  if ((await syncAreas(tx, id, a.areas)) && outcome === 'unchanged') {
    await tx.query('UPDATE agreement SET version = version + 1, updated_at = now(), updated_by = $2 WHERE id = $1', [
      id,
      SEED_ACTOR,
    ]);
    outcome = 'updated';
  }
  return { id, outcome };
}

/** Makes the agreement's areas exactly `areas`; true when any row changed. */
async function syncAreas(tx: EntityManager, id: string, areas: string[]): Promise<boolean> {
  const [{ changed }]: Array<{ changed: number }> = await tx.query(
    `WITH gone AS (
       DELETE FROM agreement_area WHERE agreement_id = $1 AND area_code <> ALL($2::text[]) RETURNING 1),
     added AS (
       INSERT INTO agreement_area (agreement_id, area_code) SELECT $1::uuid, unnest($2::text[])
       ON CONFLICT DO NOTHING RETURNING 1)
     SELECT ((SELECT count(*) FROM gone) + (SELECT count(*) FROM added))::int AS changed`,
    [id, areas],
  );
  return changed > 0;
}

/** Matched by (agreement, title): milestones have no reference of their own. */
async function upsertMilestone(tx: EntityManager, agreementId: string, m: DemoMilestone): Promise<Outcome> {
  const values = [m.description, m.areaCode, m.ownerAgency, m.dueOn, m.status, m.targetValue, m.unit];
  const columns =
    '(description, area_code, owner_agency, due_on, status, target_value, actual_value, unit, completed_on)';
  const typed = '($3::text, $4::text, $5::text, $6::date, $7::text, $8::numeric, NULL::numeric, $9::text, NULL::date)';
  // Wrapped in a CTE so the driver hands back rows for an UPDATE, not [rows, count].
  const [{ updated, found }]: Array<{ updated: number; found: number }> = await tx.query(
    `WITH changed AS (
       UPDATE milestone SET ${columns} = ${typed},
         version = version + 1, updated_at = now(), updated_by = $10
       WHERE agreement_id = $1 AND title = $2 AND ${columns} IS DISTINCT FROM ${typed}
       RETURNING 1)
     SELECT (SELECT count(*) FROM changed)::int AS updated,
            (SELECT count(*) FROM milestone WHERE agreement_id = $1 AND title = $2)::int AS found`,
    [agreementId, m.title, ...values, SEED_ACTOR],
  );
  if (updated) return 'updated';
  if (found) return 'unchanged';
  await tx.query(
    `INSERT INTO milestone (agreement_id, title, ${columns.slice(1, -1)}, created_by, updated_by)
     VALUES ($1, $2, ${typed.slice(1, -1)}, $10, $10)`,
    [agreementId, m.title, ...values, SEED_ACTOR],
  );
  return 'inserted';
}

const describeTally = (t: SeedTally) => `${t.inserted} inserted, ${t.updated} updated, ${t.unchanged} unchanged`;

export function formatSummary(summary: SeedSummary, database: string): string {
  return (
    `seed:demo: ${database}: agreements ${describeTally(summary.agreements)}; ` +
    `milestones ${describeTally(summary.milestones)}`
  );
}

/** The CLI: the same checks as the API's boot, then migrations, then the seed. */
async function main(): Promise<void> {
  validateAllConfig();
  await preflight();
  const url = loadDatabaseConfig().url;
  const dataSource = createDataSource(url, 1);
  try {
    await dataSource.initialize();
  } catch (error) {
    if (isUnreachable(error)) throw new ServiceUnreachableError('PostgreSQL', url, error);
    throw error;
  }
  try {
    await runMigrations(dataSource, url);
    console.log(formatSummary(await seedDemo(dataSource), new URL(url).pathname.slice(1)));
  } finally {
    await dataSource.destroy();
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
