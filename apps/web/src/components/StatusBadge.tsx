import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Agreement } from '../api/client';

// Backgrounds dark enough for white text at WCAG AA (4.5:1 or more).
const colours: Record<Agreement['status'], string> = {
  draft: '#495057',
  negotiating: '#495057',
  'awaiting-approval': '#8a5300',
  approved: '#1864ab',
  signed: '#1864ab',
  'in-force': '#1f6f30',
  expired: '#a64200',
  terminated: '#b02525',
  superseded: '#5f3dc4',
};

/** Whole words (Thai labels run long): no capitals, no ellipsis. */
export const badgeStyles = {
  root: { textTransform: 'none', height: 'auto', maxWidth: 'none' },
  label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip' },
} as const;

export function StatusBadge({ status }: { status: Agreement['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={colours[status]} variant="filled" radius="sm" styles={badgeStyles}>
      {t(`status.${status}`)}
    </Badge>
  );
}
