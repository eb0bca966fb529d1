import { Anchor, Group, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Schemas, unwrap } from '../../api/client';
import { useCooperationAreas, useCountries } from '../../api/reference-data';
import { useFormatDate, useLocalized } from '../../auth/auth-context';
import { DaysLeft } from '../../components/DaysLeft';
import { ExportButtons } from '../../components/ExportButtons';
import { ListTable } from '../../components/ListTable';
import { SearchField } from '../../components/SearchField';
import { present, useUrlFilters } from '../../hooks/use-url-filters';
import { paths } from '../../paths';

type DeadlineKind = Schemas['DeadlineItem']['kind'];
const deadlineKinds: DeadlineKind[] = ['notice-deadline', 'expiry', 'milestone'];
const windows = ['30', '90', '180', '365', '730'];
/** What GET /deadlines and its export take, so the export holds exactly the rows shown. */
const filterKeys = ['withinDays', 'country', 'area', 'leadAgency', 'kind'] as const;

/**
 * Every date someone must act by, soonest first, late ones included. Rows are plain data
 * (kind, date, record) so part 2 can add actions per row, a calendar and a dashboard on top.
 */
export default function DeadlinesPage() {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const localized = useLocalized();
  const countries = useCountries();
  const areas = useCooperationAreas();
  const { values: filters, set } = useUrlFilters(filterKeys);
  const query = {
    ...present(filters),
    kind: (filters.kind || undefined) as DeadlineKind | undefined,
    withinDays: filters.withinDays ? Number(filters.withinDays) : undefined,
    limit: 1000,
  };

  const list = useQuery({
    queryKey: ['deadlines', query],
    queryFn: async () => unwrap(await api.GET('/deadlines', { params: { query } })),
  });
  const rows = list.data?.items ?? [];
  const any = { value: '', label: t('common.any') };

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('deadlines.title')}
      </Title>
      <Text>{t('deadlines.intro')}</Text>

      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm" component="section" aria-label={t('common.filters')}>
        <NativeSelect
          label={t('deadlines.withinDays')}
          value={filters.withinDays || '180'}
          onChange={(event) =>
            set({ withinDays: event.currentTarget.value === '180' ? '' : event.currentTarget.value })
          }
          data={windows}
        />
        <NativeSelect
          label={t('deadlines.kind')}
          value={filters.kind}
          onChange={(event) => set({ kind: event.currentTarget.value })}
          data={[any, ...deadlineKinds.map((k) => ({ value: k, label: t(`deadlineKind.${k}`) }))]}
        />
        <NativeSelect
          label={t('deadlines.country')}
          value={filters.country}
          onChange={(event) => set({ country: event.currentTarget.value })}
          data={[any, ...countries.options]}
        />
        <NativeSelect
          label={t('register.area')}
          value={filters.area}
          onChange={(event) => set({ area: event.currentTarget.value })}
          data={[any, ...areas]}
        />
        <SearchField
          label={t('deadlines.leadAgency')}
          value={filters.leadAgency}
          onChange={(leadAgency) => set({ leadAgency })}
        />
      </SimpleGrid>

      <Group justify="space-between">
        <Text size="sm">{list.data ? t('deadlines.window', { until: fmt(list.data.until) }) : null}</Text>
        <ExportButtons report="/reports/deadlines" filters={present(filters)} />
      </Group>

      <ListTable
        error={list.isError ? list.error : null}
        pending={list.isPending}
        caption={t('deadlines.caption')}
        headings={[
          t('deadlines.columns.date'),
          t('deadlines.columns.daysLeft'),
          t('deadlines.columns.kind'),
          t('deadlines.columns.agreement'),
          t('deadlines.columns.milestone'),
          t('deadlines.columns.agency'),
        ]}
        footer={
          <>
            {rows.length === 0 ? <Text py="md">{t('common.empty')}</Text> : null}
            <Text size="sm" mt="sm" role="status">
              {t('common.showing', { shown: rows.length, total: list.data?.total ?? 0 })}
            </Text>
          </>
        }
      >
        {rows.map((item) => (
          <Table.Tr key={`${item.kind}-${item.milestoneId ?? item.agreementId}`}>
            <Table.Td>{fmt(item.date)}</Table.Td>
            <Table.Td>
              <DaysLeft days={item.daysLeft} />
            </Table.Td>
            <Table.Td>{t(`deadlineKind.${item.kind}`)}</Table.Td>
            <Table.Td>
              <Anchor component={Link} to={paths.agreement(item.agreementId)} fw={600}>
                {item.agreementReference}
              </Anchor>
              <Text size="sm">{localized(item.agreementTitleEn, item.agreementTitleTh)}</Text>
            </Table.Td>
            <Table.Td>{item.milestoneTitle ?? t('common.none')}</Table.Td>
            <Table.Td>{item.ownerAgency ?? item.leadAgency}</Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
    </Stack>
  );
}
