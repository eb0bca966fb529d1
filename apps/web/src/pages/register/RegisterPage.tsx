import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Agreement, api, unwrap } from '../../api/client';
import { useCooperationAreas, useCountries } from '../../api/reference-data';
import type { paths as apiPaths } from '../../api/schema';
import { useFormatDate, useLocalized } from '../../auth/auth-context';
import { DateInput } from '../../components/DateInput';
import { DaysLeft, daysUntil } from '../../components/DaysLeft';
import { ExportButtons } from '../../components/ExportButtons';
import { ListTable } from '../../components/ListTable';
import { ListFooter } from '../../components/ListFooter';
import { SearchField } from '../../components/SearchField';
import { badgeStyles, StatusBadge } from '../../components/StatusBadge';
import { present, useUrlFilters } from '../../hooks/use-url-filters';
import { paths } from '../../paths';
import { MatchedDocuments } from './MatchedDocuments';
import { registerFilterKeys, toAgreementQuery } from './register-filters';

type ListQuery = NonNullable<apiPaths['/agreements']['get']['parameters']['query']>;
const statuses: NonNullable<ListQuery['status']>[] = [
  'draft',
  'negotiating',
  'awaiting-approval',
  'approved',
  'signed',
  'in-force',
  'expired',
  'terminated',
  'superseded',
];
const kinds: NonNullable<ListQuery['kind']>[] = [
  'mou',
  'moc',
  'agreement',
  'letter-of-intent',
  'exchange-of-notes',
  'protocol',
  'amendment',
  'other',
];
const sorts: NonNullable<ListQuery['sort']>[] = [
  '-createdAt',
  'createdAt',
  'reference',
  '-reference',
  'expiresOn',
  '-expiresOn',
  'signedOn',
  '-signedOn',
];
/** Finished agreements are one click away, as easy to find as live ones. */
const quickViews = [
  { status: '', label: 'register.quickAll' },
  { status: 'in-force', label: 'register.quickInForce' },
  { status: 'expired', label: 'register.quickExpired' },
  { status: 'terminated', label: 'register.quickTerminated' },
  { status: 'superseded', label: 'register.quickSuperseded' },
] as const;

/** The next date someone must act by: the notice deadline until it passes, then the last day. */
function nextDeadline(agreement: Agreement): string | null {
  if (agreement.status !== 'in-force') return null;
  const notice = daysUntil(agreement.noticeDeadline);
  return notice !== null && notice >= 0 ? agreement.noticeDeadline : agreement.expiresOn;
}

export default function RegisterPage() {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const localized = useLocalized();
  const countries = useCountries();
  const areas = useCooperationAreas();
  const { values: filters, set, clear } = useUrlFilters(registerFilterKeys);
  const query = toAgreementQuery(filters);

  const list = useInfiniteQuery({
    queryKey: ['agreements', query],
    queryFn: async ({ pageParam }) =>
      unwrap(await api.GET('/agreements', { params: { query: { ...query, limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;
  const any = { value: '', label: t('common.any') };

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('register.title')}
      </Title>

      <SearchField
        type="search"
        label={t('register.searchLabel')}
        placeholder={t('register.searchPlaceholder')}
        value={filters.q}
        onChange={(q) => set({ q })}
      />

      <Group gap="xs" role="group" aria-label={t('register.quickViews')}>
        {quickViews.map((view) => (
          <Button
            key={view.label}
            size="xs"
            variant={filters.status === view.status ? 'filled' : 'default'}
            aria-pressed={filters.status === view.status}
            onClick={() => set({ status: view.status })}
          >
            {t(view.label)}
          </Button>
        ))}
        <Checkbox
          ml="md"
          label={t('register.includeArchived')}
          checked={filters.includeArchived === 'true'}
          onChange={(event) => set({ includeArchived: event.currentTarget.checked ? 'true' : '' })}
        />
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" component="section" aria-label={t('common.filters')}>
        <NativeSelect
          label={t('register.status')}
          value={filters.status}
          onChange={(event) => set({ status: event.currentTarget.value })}
          data={[any, ...statuses.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
        <NativeSelect
          label={t('register.kind')}
          value={filters.kind}
          onChange={(event) => set({ kind: event.currentTarget.value })}
          data={[any, ...kinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))]}
        />
        <NativeSelect
          label={t('register.country')}
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
          label={t('register.leadAgency')}
          value={filters.leadAgency}
          onChange={(leadAgency) => set({ leadAgency })}
        />
        <NativeSelect
          label={t('register.sort')}
          value={filters.sort || '-createdAt'}
          onChange={(event) =>
            set({ sort: event.currentTarget.value === '-createdAt' ? '' : event.currentTarget.value })
          }
          data={sorts.map((s) => ({ value: s, label: t(`sort.${s}`) }))}
        />
        <DateInput
          label={t('register.expiresFrom')}
          value={filters.expiresFrom}
          onChange={(expiresFrom) => set({ expiresFrom })}
        />
        <DateInput
          label={t('register.expiresTo')}
          value={filters.expiresTo}
          onChange={(expiresTo) => set({ expiresTo })}
        />
        <DateInput
          label={t('register.signedFrom')}
          value={filters.signedFrom}
          onChange={(signedFrom) => set({ signedFrom })}
        />
        <DateInput label={t('register.signedTo')} value={filters.signedTo} onChange={(signedTo) => set({ signedTo })} />
      </SimpleGrid>

      <Group justify="space-between">
        <Button variant="subtle" size="xs" onClick={clear}>
          {t('common.clearFilters')}
        </Button>
        <ExportButtons report="/reports/agreements" filters={present(filters)} />
      </Group>

      <ListTable
        error={list.isError ? list.error : null}
        pending={list.isPending}
        caption={t('register.caption')}
        headings={[
          t('register.columns.reference'),
          t('register.columns.title'),
          t('register.columns.parties'),
          t('register.columns.kind'),
          t('register.columns.status'),
          t('register.columns.leadAgency'),
          t('register.columns.expiresOn'),
          t('register.columns.noticeDeadline'),
          t('register.columns.daysLeft'),
        ]}
        footer={
          <>
            {rows.length === 0 ? <Text py="md">{t('common.empty')}</Text> : null}
            <ListFooter
              shown={rows.length}
              total={total}
              hasMore={list.hasNextPage}
              loading={list.isFetchingNextPage}
              onMore={() => void list.fetchNextPage()}
            />
          </>
        }
      >
        {rows.map((agreement) => (
          <Table.Tr key={agreement.id}>
            <Table.Td>
              <Anchor component={Link} to={paths.agreement(agreement.id)} fw={600}>
                {agreement.reference}
              </Anchor>
            </Table.Td>
            <Table.Td>
              {localized(agreement.titleEn, agreement.titleTh)}
              <MatchedDocuments documents={agreement.matchedDocuments} />
            </Table.Td>
            <Table.Td>{agreement.parties.map((p) => countries.name(p.country)).join(', ')}</Table.Td>
            <Table.Td>{t(`kind.${agreement.kind}`)}</Table.Td>
            <Table.Td>
              <Group gap={4}>
                <StatusBadge status={agreement.status} />
                {agreement.archived ? (
                  <Badge color="gray.8" variant="outline" radius="sm" styles={badgeStyles}>
                    {t('register.archived')}
                  </Badge>
                ) : null}
              </Group>
            </Table.Td>
            <Table.Td>{agreement.leadAgency}</Table.Td>
            <Table.Td>{fmt(agreement.expiresOn) || t('common.none')}</Table.Td>
            <Table.Td>{fmt(agreement.noticeDeadline) || t('common.none')}</Table.Td>
            <Table.Td>
              <DaysLeft days={daysUntil(nextDeadline(agreement))} />
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
    </Stack>
  );
}
