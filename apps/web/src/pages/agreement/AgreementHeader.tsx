import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Agreement } from '../../api/client';
import { useFormatDate, useLocalized } from '../../auth/auth-context';
import { RecordStatusBadge } from '../../components/RecordStatusBadge';
import { paths } from '../../paths';
import { daysBetween, officeToday } from './lifecycle';

type Deadline = { kind: 'notice' | 'expiry' | 'termination'; on: string };

/** The soonest of notice deadline, last day and termination still ahead; else the last one passed. */
function nextDeadline(a: Agreement, today: string): { next: Deadline | null; last: Deadline | null } {
  const dates: Deadline[] = [];
  if (a.status === 'signed' || a.status === 'in-force' || a.status === 'expired') {
    if (a.noticeDeadline) dates.push({ kind: 'notice', on: a.noticeDeadline });
    if (a.expiresOn) dates.push({ kind: 'expiry', on: a.expiresOn });
  }
  if (a.terminatesOn) dates.push({ kind: 'termination', on: a.terminatesOn });
  dates.sort((x, y) => x.on.localeCompare(y.on));
  return {
    next: dates.find((d) => d.on >= today) ?? null,
    last: [...dates].reverse().find((d) => d.on < today) ?? null,
  };
}

export function AgreementHeader({
  agreement: a,
  mayKeep,
  onChangeStatus,
  onArchive,
}: {
  agreement: Agreement;
  mayKeep: boolean;
  onChangeStatus: () => void;
  onArchive: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const localized = useLocalized();
  const today = officeToday();
  const { next, last } = nextDeadline(a, today);
  const title = localized(a.titleEn, a.titleTh);
  const otherTitle = title === a.titleEn ? a.titleTh : a.titleEn;

  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          {/* The heading names the record by its reference and its title, as the register lists it. */}
          <Title order={1} size="h2">
            <Text component="span" display="block" fw={600} size="md" c="dark.4" data-testid="agreement-reference">
              {a.reference}
            </Text>
            {title}
          </Title>
          <Group gap="sm">
            <RecordStatusBadge status={a.status} />
            {a.archived ? (
              <Badge color="dark.6" variant="outline" tt="none">
                {t('agreement.archived')}
              </Badge>
            ) : null}
          </Group>
          {otherTitle ? (
            <Text c="dark.5" lang={otherTitle === a.titleTh ? 'th' : 'en'}>
              {otherTitle}
            </Text>
          ) : null}
        </Stack>
        {mayKeep ? (
          <Group gap="xs" data-testid="agreement-actions">
            <Button component={Link} to={paths.agreementEdit(a.id)} variant="filled">
              {t('agreement.edit')}
            </Button>
            {!a.archived ? (
              <Button variant="default" onClick={onChangeStatus}>
                {t('agreement.changeStatus')}
              </Button>
            ) : null}
            <Button variant="default" color="red" onClick={onArchive}>
              {a.archived ? t('agreement.restore') : t('agreement.archive')}
            </Button>
          </Group>
        ) : null}
      </Group>
      <Text data-testid="next-deadline" fw={600}>
        {next
          ? t('agreement.nextDeadline', {
              what: t(`agreement.deadline.${next.kind}`),
              date: fmt(next.on),
              days: t('agreement.daysLeft', { count: daysBetween(today, next.on) }),
            })
          : last
            ? t('agreement.lastDeadline', {
                what: t(`agreement.deadline.${last.kind}`),
                date: fmt(last.on),
                days: t('agreement.daysAgo', { count: daysBetween(last.on, today) }),
              })
            : t('agreement.noDeadline')}
      </Text>
    </Stack>
  );
}
