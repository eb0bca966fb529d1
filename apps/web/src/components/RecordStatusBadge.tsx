import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Agreement } from '../api/client';

const colors: Record<Agreement['status'], string> = {
  draft: 'gray',
  negotiating: 'blue',
  'awaiting-approval': 'yellow',
  approved: 'teal',
  signed: 'cyan',
  'in-force': 'green',
  expired: 'orange',
  terminated: 'red',
  superseded: 'grape',
};

/** An agreement's status as read today, in words (never colour alone). */
export function RecordStatusBadge({ status }: { status: Agreement['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={colors[status]} variant="light" autoContrast>
      {t(`status.${status}`)}
    </Badge>
  );
}
