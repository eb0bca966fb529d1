import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'cooperation_area' })
export class CooperationArea {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_cooperation_area' })
  code: string;

  @Column({ name: 'label_en', type: 'text' })
  labelEn: string;

  @Column({ name: 'label_th', type: 'text' })
  labelTh: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
