import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Agreement } from './agreement.entity.js';
import { CooperationArea } from '../cooperation-areas/cooperation-area.entity.js';

/** Which cooperation areas an agreement covers; the taxonomy is enforced by foreign key. */
@Entity({ name: 'agreement_area' })
@Index('ix_agreement_area_area', ['areaCode', 'agreementId'])
export class AgreementArea {
  @PrimaryColumn({ name: 'agreement_id', type: 'uuid', primaryKeyConstraintName: 'pk_agreement_area' })
  agreementId: string;

  @PrimaryColumn({ name: 'area_code', type: 'text', primaryKeyConstraintName: 'pk_agreement_area' })
  areaCode: string;

  @ManyToOne('Agreement', 'areas')
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'fk_agreement_area_agreement' })
  agreement?: Agreement;

  @ManyToOne(() => CooperationArea)
  @JoinColumn({ name: 'area_code', foreignKeyConstraintName: 'fk_agreement_area_area' })
  area?: CooperationArea;
}
