import type { UpdateMilestoneDto } from './dto/update-milestone.dto.js';

export type WritableMilestoneField = keyof Omit<UpdateMilestoneDto, 'version' | 'completedOn'>;

/** API field → column, for the fields an officer writes directly (completedOn follows status). */
export const milestoneWritableColumns: Record<WritableMilestoneField, string> = {
  title: 'title',
  description: 'description',
  area: 'area_code',
  ownerAgency: 'owner_agency',
  dueOn: 'due_on',
  status: 'status',
  targetValue: 'target_value',
  actualValue: 'actual_value',
  unit: 'unit',
};
