import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agreement } from '../api/client';

/**
 * A state as a tinted badge with near-black text: every tint keeps WCAG AA contrast at
 * badge size (white on Mantine's orange.9 or green.9 does not), and the word, not the
 * colour, carries the meaning.
 */
export function ToneBadge({ tone, children }: { tone: string; children: ReactNode }) {
  return (
    <Badge color={tone} variant="light" c="dark.9" tt="none" radius="sm">
      {children}
    </Badge>
  );
}

const tones: Record<Agreement['status'], string> = {
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

/** An agreement's status as read today. */
export function RecordStatusBadge({ status }: { status: Agreement['status'] }) {
  const { t } = useTranslation();
  return <ToneBadge tone={tones[status]}>{t(`status.${status}`)}</ToneBadge>;
}
