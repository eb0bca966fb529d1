import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type CooperationAreaRow, type Queryable, queryRows } from '@mou/database';

/** Every statement on `cooperation_area`, the reference list agreements and milestones name. */

/** An area as the API shows it: the columns under their API names. */
export interface CooperationAreaView {
  code: CooperationAreaRow['code'];
  labelEn: CooperationAreaRow['label_en'];
  labelTh: CooperationAreaRow['label_th'];
}

@Injectable()
export class CooperationAreasRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(): Promise<CooperationAreaView[]> {
    return queryRows<CooperationAreaView>(
      this.db,
      `SELECT code, label_en AS "labelEn", label_th AS "labelTh" FROM cooperation_area ORDER BY code`,
    );
  }

  /**
   * Adds an area unless its code is taken (null then): ON CONFLICT DO NOTHING rather than
   * check-then-insert, so two officers adding the same code at once get one winner, not a 500.
   */
  async insert(tx: EntityManager, area: CooperationAreaView): Promise<CooperationAreaView | null> {
    const rows = await queryRows<CooperationAreaView>(
      tx,
      `INSERT INTO cooperation_area (code, label_en, label_th) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO NOTHING
       RETURNING code, label_en AS "labelEn", label_th AS "labelTh"`,
      [area.code, area.labelEn, area.labelTh],
    );
    return rows[0] ?? null;
  }

  /** Which of `codes` are cooperation areas. */
  async existing(runner: Queryable, codes: string[]): Promise<Set<string>> {
    if (!codes.length) return new Set();
    const rows = await queryRows<Pick<CooperationAreaRow, 'code'>>(
      runner,
      'SELECT code FROM cooperation_area WHERE code = ANY($1)',
      [codes],
    );
    return new Set(rows.map((row) => row.code));
  }
}
