import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth/auth-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { type AuditEvent, useAgreementHistory } from './agreement-queries';
import { useFormatInstant } from './format-instant';
import { useRecordValue } from './record-values';

/** The API lets managers, auditors and admins read the trail; officers are told so rather than shown a 403. */
const trailReaders = new Set(['manager', 'auditor', 'admin']);

function changesOf(event: AuditEvent): Array<{ field: string; before: unknown; after: unknown }> {
  const before = (event.before ?? {}) as Record<string, unknown>;
  const after = (event.after ?? {}) as Record<string, unknown>;
  if (event.before === null || event.before === undefined) return [];
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((f) => !['version', 'updatedAt', 'updatedBy'].includes(f))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

export function HistorySection({ agreementId }: { agreementId: string }) {
  const { t } = useTranslation();
  const { user, preferences } = useAuth();
  const instant = useFormatInstant(preferences);
  const record = useRecordValue();
  const allowed = user !== null && trailReaders.has(user.role);
  const history = useAgreementHistory(agreementId, allowed);

  return (
    <section aria-labelledby="history-heading">
      <Title order={2} size="h3" id="history-heading" mb="sm">
        {t('history.title')}
      </Title>
      {!allowed ? <Text c="dark.4">{t('history.notForRole')}</Text> : null}
      {allowed && history.isPending ? <PageLoader /> : null}
      {history.isError ? <ErrorNotice error={history.error} /> : null}
      {history.data ? (
        <Stack gap="md" component="ol" style={{ listStyle: 'none', padding: 0 }} data-testid="history">
          {history.data.items.map((event) => {
            const changes = changesOf(event);
            const metadata = (event.metadata ?? {}) as { from?: string; to?: string };
            return (
              <li key={event.id}>
                <Text size="sm" fw={600}>
                  {t(`history.actions.${event.action}` as 'history.actions.agreement.update', {
                    defaultValue: event.action,
                  })}
                  {metadata.from && metadata.to
                    ? ` (${record.value('status', metadata.from)} → ${record.value('status', metadata.to)})`
                    : ''}
                </Text>
                <Text size="xs" c="dark.4">
                  {t('history.by', {
                    who: event.actorEmail ?? t('history.system'),
                    role: event.actorRole
                      ? t(`roles.${event.actorRole}` as 'roles.admin', { defaultValue: event.actorRole })
                      : '',
                    when: instant(event.occurredAt),
                  })}
                </Text>
                {changes.length > 0 ? (
                  <div className="table-scroll">
                    <Table withTableBorder mt={4} fz="sm">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('history.field')}</Table.Th>
                          <Table.Th>{t('history.before')}</Table.Th>
                          <Table.Th>{t('history.after')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {changes.map((c) => (
                          <Table.Tr key={c.field}>
                            <Table.Td>{record.label(c.field)}</Table.Td>
                            <Table.Td>{record.value(c.field, c.before)}</Table.Td>
                            <Table.Td>{record.value(c.field, c.after)}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </div>
                ) : null}
              </li>
            );
          })}
        </Stack>
      ) : null}
    </section>
  );
}
