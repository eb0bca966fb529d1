import type { DataSource } from 'typeorm';
import { type AgreementRow, type MilestoneRow, queryRows } from '@mou/database';
import type { Party } from '@mou/domain';

// Milestones have no unique key, so two runs at once could both create one: a session
// advisory lock makes concurrent runs take turns.
const SEED_LOCK_KEY = 72_017_0605;

/** A seeded agreement's fields as the seed compares them (dates as text, areas sorted). */
export type SeededAgreement = Pick<
  AgreementRow,
  | 'id'
  | 'reference'
  | 'version'
  | 'created_by'
  | 'title_en'
  | 'title_th'
  | 'kind'
  | 'lead_agency'
  | 'summary'
  | 'cabinet_approved_on'
  | 'signed_on'
  | 'effective_on'
  | 'term_months'
  | 'renewal'
  | 'notice_days'
  | 'source_urls'
  | 'tags'
> & { parties: Party[]; areas: string[] };

export type SeededMilestone = Pick<
  MilestoneRow,
  | 'id'
  | 'version'
  | 'title'
  | 'description'
  | 'area_code'
  | 'owner_agency'
  | 'due_on'
  | 'status'
  | 'target_value'
  | 'unit'
>;

/**
 * What the demo seed reads to decide what to write (it writes through the services), and
 * the lock that makes runs take turns. Not a Nest provider: the seed runs in the API's
 * application or in its own context, and builds this from either's DataSource.
 */
export class SeedDemoRepository {
  constructor(private readonly db: DataSource) {}

  /** Runs `work` holding the seed's session lock, on a connection of its own. */
  async withSeedLock<T>(work: () => Promise<T>): Promise<T> {
    const lock = this.db.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [SEED_LOCK_KEY]);
      return await work();
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK_KEY]).catch(() => undefined);
      await lock.release();
    }
  }

  agreementsByReference(references: string[]): Promise<SeededAgreement[]> {
    return queryRows(
      this.db,
      `SELECT a.id, a.reference, a.version, a.created_by, a.title_en, a.title_th, a.kind, a.parties, a.lead_agency,
              ARRAY(SELECT aa.area_code FROM agreement_area aa WHERE aa.agreement_id = a.id ORDER BY aa.area_code) AS areas,
              a.summary, a.cabinet_approved_on::text, a.signed_on::text, a.effective_on::text, a.term_months,
              a.renewal, a.notice_days, a.source_urls, a.tags
         FROM agreement a WHERE a.reference = ANY($1)`,
      [references],
    );
  }

  /** An agreement's live milestones. */
  liveMilestones(agreementId: string): Promise<SeededMilestone[]> {
    return queryRows(
      this.db,
      `SELECT id, version, title, description, area_code, owner_agency, due_on::text, status, target_value::text, unit
         FROM milestone WHERE agreement_id = $1 AND archived_at IS NULL`,
      [agreementId],
    );
  }
}
