import { Anchor, Badge, Button, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useAreaNames } from '../../api/record-options';
import { useAuth, useFormatDate } from '../../auth/auth-context';
import { ToneBadge } from '../../components/RecordStatusBadge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { type Milestone, useAgreementMilestones } from './agreement-queries';
import { ConfirmDialog } from './ConfirmDialog';
import { daysBetween } from './lifecycle';
import { MilestoneDialog, type MilestoneDialogMode } from './MilestoneDialog';

const statusTone = {
  planned: 'blue',
  'in-progress': 'cyan',
  done: 'green',
  cancelled: 'gray',
  overdue: 'red',
} as const;

function progressOf(m: Milestone): number | null {
  if (m.targetValue === null || m.targetValue === 0 || m.actualValue === null) return null;
  return Math.max(0, Math.min(100, Math.round((m.actualValue / m.targetValue) * 100)));
}

export function MilestonesSection({
  agreementId,
  mayKeep,
  today,
  onChanged,
  onShowDocuments,
}: {
  agreementId: string;
  mayKeep: boolean;
  today: string;
  onChanged: () => void;
  /** Filters the documents panel to this milestone's documents. */
  onShowDocuments: (milestoneId: string) => void;
}) {
  const { t } = useTranslation();
  const { preferences } = useAuth();
  const fmt = useFormatDate();
  const areas = useAreaNames();
  const milestones = useAgreementMilestones(agreementId);
  const [dialog, setDialog] = useState<MilestoneDialogMode | null>(null);
  const [archiving, setArchiving] = useState<Milestone | null>(null);
  const numberFormat = new Intl.NumberFormat(preferences.locale === 'th' ? 'th-TH' : 'en-GB');
  const num = (value: number | null) => (value === null ? t('common.none') : numberFormat.format(value));

  const archive = async (m: Milestone) => {
    const route = m.archived ? '/milestones/{id}/restore' : '/milestones/{id}/archive';
    unwrap(await api.POST(route, { params: { path: { id: m.id } }, body: { version: m.version } }));
    onChanged();
  };

  return (
    <section aria-labelledby="milestones-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="milestones-heading">
          {t('milestone.title')}
        </Title>
        {mayKeep ? <Button onClick={() => setDialog({ kind: 'add' })}>{t('milestone.add')}</Button> : null}
      </Group>
      {milestones.isPending ? <PageLoader /> : null}
      {milestones.isError ? <ErrorNotice error={milestones.error} /> : null}
      {milestones.data && milestones.data.items.length === 0 ? <Text c="dark.4">{t('milestone.empty')}</Text> : null}
      {milestones.data && milestones.data.items.length > 0 ? (
        <div className="table-scroll">
          <Table data-testid="milestones" verticalSpacing="sm">
            <Table.Caption c="dark.4">{t('milestone.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('milestone.titleField')}</Table.Th>
                <Table.Th>{t('milestone.ownerAgency')}</Table.Th>
                <Table.Th>{t('milestone.dueOn')}</Table.Th>
                <Table.Th>{t('milestone.status')}</Table.Th>
                <Table.Th>{t('milestone.progress')}</Table.Th>
                {mayKeep ? <Table.Th>{t('milestone.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {milestones.data.items.map((m) => {
                const progress = progressOf(m);
                const late = m.status === 'overdue';
                return (
                  <Table.Tr
                    key={m.id}
                    data-overdue={late || undefined}
                    style={m.archived ? { opacity: 0.75 } : undefined}
                  >
                    <Table.Td>
                      <Text fw={600} size="sm">
                        {m.title}
                      </Text>
                      {m.area ? (
                        <Text size="xs" c="dark.4">
                          {areas.name(m.area)}
                        </Text>
                      ) : null}
                      {m.archived ? (
                        <Badge size="xs" color="dark.6" variant="outline" tt="none">
                          {t('agreement.archived')}
                        </Badge>
                      ) : null}
                      <Anchor
                        component="button"
                        type="button"
                        size="xs"
                        display="block"
                        aria-label={t('documents.showForMilestoneLabel', { title: m.title })}
                        onClick={() => onShowDocuments(m.id)}
                      >
                        {t('documents.showForMilestone')}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{m.ownerAgency ?? t('common.none')}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{fmt(m.dueOn)}</Text>
                      {late ? (
                        <Text size="xs" c="red.9" fw={600}>
                          {t('common.overdueDays', { count: daysBetween(m.dueOn, today) })}
                        </Text>
                      ) : null}
                      {m.completedOn ? (
                        <Text size="xs" c="dark.4">
                          {t('milestone.completedOnValue', { date: fmt(m.completedOn) })}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <ToneBadge tone={statusTone[m.status]}>{t(`milestoneStatus.${m.status}`)}</ToneBadge>
                    </Table.Td>
                    <Table.Td miw={160}>
                      <Stack gap={4}>
                        <Text size="sm" data-testid="milestone-values">
                          {m.targetValue === null && m.actualValue === null
                            ? t('common.none')
                            : t('milestone.values', {
                                actual: num(m.actualValue),
                                target: num(m.targetValue),
                                unit: m.unit ?? '',
                              })}
                        </Text>
                        {progress !== null ? (
                          <Progress
                            value={progress}
                            aria-label={t('milestone.progressLabel', { percent: progress })}
                            color={late ? 'red' : 'indigo'}
                          />
                        ) : null}
                      </Stack>
                    </Table.Td>
                    {mayKeep ? (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          {!m.archived ? (
                            <>
                              <Button
                                size="xs"
                                variant="default"
                                onClick={() => setDialog({ kind: 'edit', milestone: m })}
                              >
                                {t('milestone.edit')}
                              </Button>
                              {m.storedStatus !== 'done' ? (
                                <Button
                                  size="xs"
                                  variant="default"
                                  onClick={() => setDialog({ kind: 'complete', milestone: m })}
                                >
                                  {t('milestone.complete')}
                                </Button>
                              ) : null}
                            </>
                          ) : null}
                          <Button size="xs" variant="subtle" color="red" onClick={() => setArchiving(m)}>
                            {m.archived ? t('agreement.restore') : t('agreement.archive')}
                          </Button>
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
      ) : null}
      {dialog ? (
        <MilestoneDialog
          agreementId={agreementId}
          mode={dialog}
          today={today}
          onClose={() => setDialog(null)}
          onStale={onChanged}
          onSaved={() => {
            setDialog(null);
            onChanged();
          }}
        />
      ) : null}
      {archiving ? (
        <ConfirmDialog
          title={archiving.archived ? t('milestone.restoreTitle') : t('milestone.archiveTitle')}
          message={
            archiving.archived
              ? t('milestone.restoreConfirm', { title: archiving.title })
              : t('milestone.archiveConfirm', { title: archiving.title })
          }
          confirmLabel={archiving.archived ? t('agreement.restore') : t('agreement.archive')}
          onConfirm={() => archive(archiving)}
          onClose={() => setArchiving(null)}
        />
      ) : null}
    </section>
  );
}
