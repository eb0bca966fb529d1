import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Agreement } from '../api/client';

const colours: Record<Agreement['status'], string> = {
  draft: 'gray.8',
  negotiating: 'gray.8',
  'awaiting-approval': 'yellow.9',
  approved: 'blue.9',
  signed: 'blue.9',
  'in-force': 'green.9',
  expired: 'orange.9',
  terminated: 'red.9',
  superseded: 'violet.9',
};

export function StatusBadge({ status }: { status: Agreement['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={colours[status]} variant="filled" radius="sm" style={{ textTransform: 'none' }}>
      {t(`status.${status}`)}
    </Badge>
  );
}
