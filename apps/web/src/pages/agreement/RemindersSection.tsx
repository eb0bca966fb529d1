import { List, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth, useFormatDate } from '../../auth/auth-context';
import { ToneBadge } from '../../components/RecordStatusBadge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { useAgreementReminders } from './agreement-queries';
import { useFormatInstant } from './format-instant';

const stateTone: Record<string, string> = { pending: 'blue', sent: 'green', failed: 'red', cancelled: 'gray' };
type Kind = 'expiry' | 'notice-deadline' | 'milestone-due' | 'milestone-overdue';
type State = 'pending' | 'sent' | 'failed' | 'cancelled';
type Channel = 'email' | 'webhook' | 'in-app';

/** The reminder plan (one row per reminder) and what became of each delivery. */
export function RemindersSection({ agreementId }: { agreementId: string }) {
  const { t } = useTranslation();
  const { preferences } = useAuth();
  const fmt = useFormatDate();
  const instant = useFormatInstant(preferences);
  const reminders = useAgreementReminders(agreementId);

  return (
    <section aria-labelledby="reminders-heading">
      <Title order={2} size="h3" id="reminders-heading" mb="sm">
        {t('reminders.title')}
      </Title>
      {reminders.isPending ? <PageLoader /> : null}
      {reminders.isError ? <ErrorNotice error={reminders.error} /> : null}
      {reminders.data ? (
        reminders.data.items.length === 0 ? (
          <Text c="dark.4">{t('reminders.empty')}</Text>
        ) : (
          <div className="table-scroll">
            <Table data-testid="reminders" verticalSpacing="xs">
              <Table.Caption c="dark.4">{t('reminders.caption', { total: reminders.data.total })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('reminders.goesOut')}</Table.Th>
                  <Table.Th>{t('reminders.about')}</Table.Th>
                  <Table.Th>{t('reminders.state')}</Table.Th>
                  <Table.Th>{t('reminders.deliveries')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {reminders.data.items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{fmt(r.dueOn)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {t(`reminders.kind.${r.kind as Kind}`)}: {fmt(r.targetOn)}
                      </Text>
                      <Text size="xs" c="dark.4">
                        {r.offsetDays >= 0
                          ? t('reminders.before', { count: r.offsetDays })
                          : t('reminders.after', { count: -r.offsetDays })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <ToneBadge tone={stateTone[r.state]}>{t(`reminders.states.${r.state as State}`)}</ToneBadge>
                      {r.sentAt ? (
                        <Text size="xs" c="dark.4">
                          {instant(r.sentAt)}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      {r.deliveries.length === 0 ? (
                        <Text size="sm" c="dark.4">
                          {t('reminders.noDeliveries')}
                        </Text>
                      ) : (
                        <List size="xs" spacing={2}>
                          {r.deliveries.map((d) => (
                            <List.Item key={d.id}>
                              {t(`reminders.channels.${d.channel as Channel}`)} · {d.recipient} ·{' '}
                              {t(`reminders.states.${d.state as State}`)}
                              {d.attempts > 0 ? ` · ${t('reminders.attempts', { count: d.attempts })}` : ''}
                              {d.lastError ? ` · ${d.lastError}` : ''}
                            </List.Item>
                          ))}
                        </List>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )
      ) : null}
    </section>
  );
}
