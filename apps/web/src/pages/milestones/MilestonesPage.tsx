import { Anchor, Checkbox, NativeSelect, SimpleGrid, Stack, Table, Text, Title, Badge, Group } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { useCooperationAreas } from '../../api/reference-data';
import { useFormatDate, useLocalized } from '../../auth/auth-context';
import { DateInput } from '../../components/DateInput';
import { ExportButtons } from '../../components/ExportButtons';
import { ListTable } from '../../components/ListTable';
import { ListFooter } from '../../components/ListFooter';
import { SearchField } from '../../components/SearchField';
import { badgeStyles } from '../../components/StatusBadge';
import { present, useUrlFilters } from '../../hooks/use-url-filters';
import { paths } from '../../paths';

type MilestoneStatus = Schemas['MilestoneResponse']['status'];
const statuses: MilestoneStatus[] = ['planned', 'in-progress', 'done', 'cancelled', 'overdue'];
const filterKeys = ['overdue', 'status', 'ownerAgency', 'area', 'dueFrom', 'dueTo', 'includeArchived'] as const;

function progress(m: Schemas['MilestoneResponse']): string {
  if (m.targetValue === null) return '';
  const unit = m.unit ? ` ${m.unit}` : '';
  return `${(m.actualValue ?? 0).toLocaleString()} / ${m.targetValue.toLocaleString()}${unit}`;
}

export default function MilestonesPage() {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const localized = useLocalized();
  const areas = useCooperationAreas();
  const { values: filters, set } = useUrlFilters(filterKeys);
  const { overdue, includeArchived, status, ...rest } = present(filters);
  const query = {
    ...rest,
    status: status as MilestoneStatus | undefined,
    overdue: overdue === undefined ? undefined : overdue === 'true',
    includeArchived: includeArchived === 'true' ? true : undefined,
  };

  const list = useInfiniteQuery({
    queryKey: ['milestones', query],
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/milestones', { params: { query: { ...query, limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const any = { value: '', label: t('common.any') };

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('milestones.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" component="section" aria-label={t('common.filters')}>
        <NativeSelect
          label={t('milestones.overdue')}
          value={filters.overdue}
          onChange={(event) => set({ overdue: event.currentTarget.value })}
          data={[
            { value: '', label: t('milestones.overdueAll') },
            { value: 'true', label: t('milestones.overdueOnly') },
            { value: 'false', label: t('milestones.overdueNone') },
          ]}
        />
        <NativeSelect
          label={t('milestones.status')}
          value={filters.status}
          onChange={(event) => set({ status: event.currentTarget.value })}
          data={[any, ...statuses.map((s) => ({ value: s, label: t(`milestoneStatus.${s}`) }))]}
        />
        <NativeSelect
          label={t('register.area')}
          value={filters.area}
          onChange={(event) => set({ area: event.currentTarget.value })}
          data={[any, ...areas]}
        />
        <SearchField
          label={t('milestones.ownerAgency')}
          value={filters.ownerAgency}
          onChange={(ownerAgency) => set({ ownerAgency })}
        />
        <DateInput label={t('milestones.dueFrom')} value={filters.dueFrom} onChange={(dueFrom) => set({ dueFrom })} />
        <DateInput label={t('milestones.dueTo')} value={filters.dueTo} onChange={(dueTo) => set({ dueTo })} />
        <Checkbox
          mt="xl"
          label={t('milestones.includeArchived')}
          checked={filters.includeArchived === 'true'}
          onChange={(event) => set({ includeArchived: event.currentTarget.checked ? 'true' : '' })}
        />
      </SimpleGrid>
      <Group justify="flex-end">
        <ExportButtons report="/reports/milestones" filters={present(filters)} />
      </Group>

      <ListTable
        error={list.isError ? list.error : null}
        pending={list.isPending}
        caption={t('milestones.caption')}
        headings={[
          t('milestones.columns.dueOn'),
          t('milestones.columns.title'),
          t('milestones.columns.agreement'),
          t('milestones.columns.owner'),
          t('milestones.columns.status'),
          t('milestones.columns.progress'),
        ]}
        footer={
          <>
            {rows.length === 0 ? <Text py="md">{t('common.empty')}</Text> : null}
            <ListFooter
              shown={rows.length}
              total={list.data?.pages[0]?.total ?? 0}
              hasMore={list.hasNextPage}
              loading={list.isFetchingNextPage}
              onMore={() => void list.fetchNextPage()}
            />
          </>
        }
      >
        {rows.map((m) => (
          <Table.Tr key={m.id}>
            <Table.Td>{fmt(m.dueOn)}</Table.Td>
            <Table.Td>{m.title}</Table.Td>
            <Table.Td>
              <Anchor component={Link} to={paths.agreement(m.agreementId)} fw={600}>
                {m.agreementReference}
              </Anchor>
              <Text size="sm">{localized(m.agreementTitleEn, m.agreementTitleTh)}</Text>
            </Table.Td>
            <Table.Td>{m.ownerAgency ?? t('common.none')}</Table.Td>
            <Table.Td>
              <Badge
                color={m.status === 'overdue' ? '#b02525' : 'gray.8'}
                variant={m.status === 'overdue' ? 'filled' : 'outline'}
                radius="sm"
                styles={badgeStyles}
              >
                {t(`milestoneStatus.${m.status}`)}
              </Badge>
            </Table.Td>
            <Table.Td>{progress(m) || t('common.none')}</Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
    </Stack>
  );
}
