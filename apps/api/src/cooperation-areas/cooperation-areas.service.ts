import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, type Actor } from '@mou/domain';
import { AuditService } from '@mou/audit';
import { CooperationAreaResponse } from './dto/cooperation-area.response.js';
import { CreateCooperationAreaDto } from './dto/create-cooperation-area.dto.js';

@Injectable()
export class CooperationAreasService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<CooperationAreaResponse[]> {
    return this.db.query(
      `SELECT code, label_en AS "labelEn", label_th AS "labelTh" FROM cooperation_area ORDER BY code`,
    );
  }

  /**
   * ON CONFLICT DO NOTHING rather than check-then-insert: two officers adding the same
   * code at once both reach the insert, and exactly one must win without a 500.
   */
  async create(dto: CreateCooperationAreaDto, actor: Actor): Promise<CooperationAreaResponse> {
    return this.db.transaction(async (tx) => {
      const rows: CooperationAreaResponse[] = await tx.query(
        `INSERT INTO cooperation_area (code, label_en, label_th) VALUES ($1, $2, $3)
         ON CONFLICT (code) DO NOTHING
         RETURNING code, label_en AS "labelEn", label_th AS "labelTh"`,
        [dto.code, dto.labelEn.trim(), dto.labelTh.trim()],
      );
      if (!rows.length) {
        throw new DomainError('DUPLICATE', `code ${dto.code} is already a cooperation area`, {
          errors: [{ field: 'code', message: 'is already a cooperation area' }],
        });
      }
      await this.audit.record(tx, actor, {
        action: 'cooperation-area.create',
        entityType: 'cooperation-area',
        entityId: rows[0].code,
        after: rows[0],
      });
      return rows[0];
    });
  }
}
