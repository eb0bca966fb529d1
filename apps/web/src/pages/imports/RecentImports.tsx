import { Button, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { ImportRecord } from '../../api/imports';
import { ErrorNotice } from '../../components/ErrorNotice';

/** The latest imports (an officer sees their own), each one to open again: to commit, check or undo it. */
export function RecentImports({ onOpen }: { onOpen: (record: ImportRecord) => void }) {
  const { t, i18n } = useTranslation();
  const list = useQuery({
    queryKey: ['imports'],
    queryFn: async () => unwrap(await api.GET('/imports', { params: { query: { limit: 20 } } })),
  });
  const when = new Intl.DateTimeFormat(i18n.language === 'th' ? 'th-TH' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const counts = (record: ImportRecord) =>
    record.summary
      ? `${t('imports.recent.summaryValue', record.summary.agreements)} / ${t('imports.recent.summaryValue', record.summary.milestones)}`
      : t('common.none');

  return (
    <Stack gap="sm" component="section" aria-labelledby="recent-title">
      <Title order={2} size="h3" id="recent-title">
        {t('imports.recent.title')}
      </Title>
      {list.isError ? <ErrorNotice error={list.error} /> : null}
      {list.data && list.data.length === 0 ? <Text>{t('imports.recent.none')}</Text> : null}
      {list.data && list.data.length > 0 ? (
        <div className="table-scroll">
          <Table striped verticalSpacing="xs">
            <Table.Caption>{t('imports.recent.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('imports.recent.file')}</Table.Th>
                <Table.Th scope="col">{t('imports.recent.uploadedAt')}</Table.Th>
                <Table.Th scope="col">{t('imports.recent.state')}</Table.Th>
                <Table.Th scope="col">{t('imports.recent.summary')}</Table.Th>
                <Table.Th scope="col">
                  <span className="visually-hidden">{t('imports.recent.open')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((record) => (
                <Table.Tr key={record.id}>
                  <Table.Td>{record.fileName}</Table.Td>
                  <Table.Td>{when.format(new Date(record.createdAt))}</Table.Td>
                  <Table.Td>{t(`imports.state.${record.state}`)}</Table.Td>
                  <Table.Td>{counts(record)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={t('imports.recent.openLabel', { fileName: record.fileName })}
                      onClick={() => onOpen(record)}
                    >
                      {t('imports.recent.open')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      ) : null}
    </Stack>
  );
}
