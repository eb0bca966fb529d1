import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, type Actor } from '@mou/domain';
import { AuditService } from '@mou/audit';
import { CooperationAreasRepository } from './cooperation-areas.repository.js';
import { CooperationAreaResponse } from './dto/cooperation-area.response.js';
import { CreateCooperationAreaDto } from './dto/create-cooperation-area.dto.js';

@Injectable()
export class CooperationAreasService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly areas: CooperationAreasRepository,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<CooperationAreaResponse[]> {
    return this.areas.list();
  }

  async create(dto: CreateCooperationAreaDto, actor: Actor): Promise<CooperationAreaResponse> {
    return this.db.transaction(async (tx) => {
      const area = await this.areas.insert(tx, {
        code: dto.code,
        labelEn: dto.labelEn.trim(),
        labelTh: dto.labelTh.trim(),
      });
      if (!area) {
        throw new DomainError('DUPLICATE', `code ${dto.code} is already a cooperation area`, {
          errors: [{ field: 'code', message: 'is already a cooperation area' }],
        });
      }
      await this.audit.record(tx, actor, {
        action: 'cooperation-area.create',
        entityType: 'cooperation-area',
        entityId: area.code,
        after: area,
      });
      return area;
    });
  }
}
