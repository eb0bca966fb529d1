import { Alert, Badge, Button, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { downloadFile } from '../../api/download';
import type { DryRun, ReportRow } from '../../api/imports';
import { useCooperationAreas, useCountries } from '../../api/reference-data';
import { useFormatDate, usePreferences } from '../../auth/auth-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { badgeStyles } from '../../components/StatusBadge';

const actions = ['create', 'update', 'unchanged', 'problem'] as const;
// Backgrounds dark enough for white text at WCAG AA, as the status badges.
const actionColor = { create: '#1f6f30', update: '#1864ab', unchanged: '#495057', problem: '#b02525' } as const;

/** Fields whose values are codes, and where their labels live in the console's strings. */
const codedFields: Record<'agreements' | 'milestones', Record<string, string>> = {
  agreements: { kind: 'kind', status: 'status', renewal: 'agreementForm.renewalOption' },
  milestones: { status: 'milestoneStatus' },
};

/**
 * A value as the API gives it (a code, text, number, date, yes/no, list of parties …) in
 * one line, in the person's language: codes by their labels, countries and cooperation
 * areas by their names, dates in the person's calendar.
 */
function useShowValue() {
  const { t, i18n } = useTranslation();
  const fmt = useFormatDate();
  const countries = useCountries();
  const areas = new Map(useCooperationAreas().map((a) => [a.value, a.label]));
  const show = (role: 'agreements' | 'milestones', field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '';
    if (Array.isArray(value))
      return value
        .map((item) => show(role, field, item))
        .filter(Boolean)
        .join('; ');
    if (typeof value === 'boolean') {
      if (field === 'binding') return t(value ? 'agreement.binding' : 'agreement.nonBinding');
      return t(value ? 'history.yes' : 'history.no');
    }
    if (typeof value === 'object') {
      const { country, organization, ...rest } = value as { country?: unknown; organization?: unknown };
      return [typeof country === 'string' ? countries.name(country) : show(role, field, country), organization]
        .concat(Object.values(rest))
        .map((item) => (typeof item === 'string' ? item : show(role, field, item)))
        .filter(Boolean)
        .join(': ');
    }
    if (typeof value !== 'string') return String(value);
    const labels = codedFields[role][field];
    if (labels && i18n.exists(`${labels}.${value}`)) return t(`${labels}.${value}` as never);
    if (field === 'areas' || field === 'area') return areas.get(value) ?? value;
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? fmt(value) : value;
  };
  return show;
}

/**
 * What a dry run found: counts, the rows that would change or have problems with each
 * change before → after and each problem with its row and column, and the file back with
 * its problems. Problems are worded by the API; the rows are asked for again when the
 * person switches language.
 */
export function DryRunReport({ run, runLocale }: { run: DryRun; runLocale: string }) {
  const { t } = useTranslation();
  const { locale } = usePreferences();
  const show = useShowValue();
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const fields = useQuery({
    queryKey: ['import-fields'],
    queryFn: async () => unwrap(await api.GET('/imports/fields')),
    staleTime: Infinity,
  });
  const roleOf = (sheet: string) => (run.mapping.milestones?.sheet === sheet ? 'milestones' : 'agreements');
  const fieldName = (sheet: string, field: string) => {
    const role = roleOf(sheet);
    const found = fields.data?.[role].find((f) => f.key === field);
    return found ? (locale === 'th' ? found.th : found.en) : field;
  };
  const relocalized = useQuery({
    queryKey: ['import-rows', run.id, run.fingerprint, locale],
    enabled: locale !== runLocale,
    queryFn: async () =>
      unwrap(
        await api.GET('/imports/{id}/rows', {
          params: { path: { id: run.id }, query: { locale, action: ['create', 'update', 'problem'], limit: 100 } },
        }),
      ),
  });
  const rows: ReportRow[] = locale !== runLocale && relocalized.data ? relocalized.data.rows : run.rows;
  const summary = run.summary;
  const download = (format: 'xlsx' | 'csv') => {
    setDownloadError(null);
    // The format is in the path; the API refuses a `format` query here (downloadReport would send one).
    downloadFile(
      `/imports/${run.id}/problems.${format}?${new URLSearchParams({ locale })}`,
      `problems.${format}`,
    ).catch(setDownloadError);
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="report-title">
      <Title order={2} size="h3" id="report-title">
        {t('imports.dryRun.title')}
      </Title>
      {summary ? (
        <>
          <Table maw={640} verticalSpacing={4}>
            <Table.Caption>{t('imports.dryRun.summaryCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('imports.dryRun.kind')}</Table.Th>
                {actions.map((action) => (
                  <Table.Th scope="col" key={action}>
                    {t(`imports.action.${action}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(['agreements', 'milestones'] as const).map((kind) => (
                <Table.Tr key={kind}>
                  <Table.Th scope="row">{t(`imports.dryRun.${kind}`)}</Table.Th>
                  {actions.map((action) => (
                    <Table.Td key={action}>{summary[kind][action]}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {summary.problems > 0 ? (
            <Alert color="red" variant="light" role="status">
              {t('imports.dryRun.problemsTotal', { count: summary.problems, rows: summary.rowsWithProblems })}
            </Alert>
          ) : (
            <Alert color="green" variant="light" role="status">
              {t('imports.dryRun.noProblems')} {run.state === 'checked' ? t('imports.dryRun.nothingWritten') : ''}
            </Alert>
          )}
        </>
      ) : null}
      {summary && summary.problems > 0 ? (
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {t('imports.dryRun.problemsFile')}
          </Text>
          <Button size="xs" variant="default" onClick={() => download('xlsx')}>
            {t('export.xlsx')}
          </Button>
          <Button size="xs" variant="default" onClick={() => download('csv')}>
            {t('export.csv')}
          </Button>
        </Group>
      ) : null}
      {downloadError ? <ErrorNotice error={downloadError} template="export.failed" compact /> : null}
      {relocalized.isError ? <ErrorNotice error={relocalized.error} /> : null}

      {rows.length === 0 ? (
        <Text>{t('imports.dryRun.noRows')}</Text>
      ) : (
        <div className="table-scroll">
          <Table striped verticalSpacing="xs">
            <Table.Caption>{t('imports.dryRun.rowsCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('imports.columns.sheet')}</Table.Th>
                <Table.Th scope="col">{t('imports.columns.row')}</Table.Th>
                <Table.Th scope="col">{t('imports.columns.key')}</Table.Th>
                <Table.Th scope="col">{t('imports.columns.action')}</Table.Th>
                <Table.Th scope="col">{t('imports.columns.changes')}</Table.Th>
                <Table.Th scope="col">{t('imports.columns.problems')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.seq}>
                  <Table.Td>{row.sheet}</Table.Td>
                  <Table.Td>{row.row}</Table.Td>
                  <Table.Td>{row.key ?? t('common.none')}</Table.Td>
                  <Table.Td>
                    <Badge color={actionColor[row.action]} variant="filled" radius="sm" styles={badgeStyles}>
                      {t(`imports.action.${row.action}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {row.changes.length ? (
                      <List size="sm" listStyleType="none">
                        {row.changes.map((change) => (
                          <List.Item key={change.field}>
                            {row.action === 'create'
                              ? t('imports.created', {
                                  field: fieldName(row.sheet, change.field),
                                  after: show(roleOf(row.sheet), change.field, change.after),
                                })
                              : t('imports.change', {
                                  field: fieldName(row.sheet, change.field),
                                  before: show(roleOf(row.sheet), change.field, change.before) || t('imports.empty'),
                                  after: show(roleOf(row.sheet), change.field, change.after) || t('imports.empty'),
                                })}
                          </List.Item>
                        ))}
                      </List>
                    ) : (
                      t('common.none')
                    )}
                  </Table.Td>
                  <Table.Td>
                    {row.problems.length ? (
                      <List size="sm" listStyleType="none" c="red.9">
                        {row.problems.map((problem, index) => (
                          <List.Item key={`${problem.field}-${index}`}>
                            {problem.message}
                            {problem.column ? (
                              <Text size="xs" c="dark.4">
                                {t('imports.problemColumn', { column: problem.column })}
                              </Text>
                            ) : null}
                          </List.Item>
                        ))}
                      </List>
                    ) : (
                      t('common.none')
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Stack>
  );
}
