import { Alert, Anchor, Button, FileInput, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiRequestError, unwrap } from '../../api/client';
import { downloadFile } from '../../api/download';
import { type DryRun, type ImportMapping, type ImportRecord, uploadImport } from '../../api/imports';
import { usePreferences } from '../../auth/auth-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ConfirmDialog } from '../agreement/ConfirmDialog';
import { DryRunReport } from './DryRunReport';
import { MappingEditor } from './MappingEditor';
import { RecentImports } from './RecentImports';

const isCode = (error: unknown, code: string) => error instanceof ApiRequestError && error.body?.code === code;

/**
 * Spreadsheet import: upload, confirm the column mapping, dry run (writes nothing), commit
 * exactly what the dry run showed (its fingerprint), undo. See README "Spreadsheet import".
 */
export default function ImportsPage() {
  const { t } = useTranslation();
  const { locale } = usePreferences();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [uploadMappingId, setUploadMappingId] = useState('');
  const [current, setCurrent] = useState<ImportRecord | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [run, setRun] = useState<{ report: DryRun; locale: string } | null>(null);
  const [undoing, setUndoing] = useState(false);
  const [templateError, setTemplateError] = useState<unknown>(null);

  const saved = useQuery({
    queryKey: ['import-mappings'],
    queryFn: async () => unwrap(await api.GET('/import-mappings')),
  });
  const refreshList = () => void queryClient.invalidateQueries({ queryKey: ['imports'] });

  const open = (record: ImportRecord, report: DryRun | null, reportLocale: string = locale) => {
    setCurrent(record);
    setMapping(record.mapping);
    // An import opened from the list has no rows with it: the report asks for them in the current language.
    setRun(report ? { report, locale: reportLocale } : null);
    commit.reset();
  };

  const upload = useMutation({
    mutationFn: async () => uploadImport(file as File, uploadMappingId || undefined),
    onSuccess: (record) => {
      open(record, null);
      refreshList();
    },
  });
  const dryRun = useMutation({
    mutationFn: async (id: string) => {
      unwrap(await api.PUT('/imports/{id}/mapping', { params: { path: { id } }, body: mapping }));
      return unwrap(await api.POST('/imports/{id}/dry-run', { params: { path: { id }, query: { locale } } }));
    },
    onSuccess: (report) => {
      setCurrent(report);
      setRun({ report, locale });
      commit.reset();
      refreshList();
    },
  });
  const commit = useMutation({
    mutationFn: async (report: DryRun) =>
      unwrap(
        await api.POST('/imports/{id}/commit', {
          params: { path: { id: report.id } },
          body: { fingerprint: report.fingerprint ?? '' },
        }),
      ),
    onSuccess: (record) => {
      setCurrent(record);
      setRun((previous) => previous && { ...previous, report: { ...previous.report, ...record } });
      void queryClient.invalidateQueries();
    },
  });

  const changeMapping = (next: ImportMapping) => {
    setMapping(next);
    setRun(null); // a dry run checked the old mapping: its fingerprint no longer says what would be written
    commit.reset();
  };
  const undo = async (record: ImportRecord) => {
    const undone = unwrap(await api.POST('/imports/{id}/undo', { params: { path: { id: record.id } } }));
    setCurrent(undone);
    setRun((previous) => previous && { ...previous, report: { ...previous.report, ...undone } });
    void queryClient.invalidateQueries();
  };
  const template = () => {
    setTemplateError(null);
    // Not downloadReport: the template takes no format (it is always .xlsx) and refuses one it is given.
    downloadFile(`/imports/template.xlsx?${new URLSearchParams({ locale })}`, 'template.xlsx').catch(setTemplateError);
  };

  const report = run?.report;
  const state = current?.state;
  const mayCommit = !!report && state === 'checked' && report.summary?.problems === 0 && !!report.fingerprint;

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={1} size="h2">
          {t('imports.title')}
        </Title>
        <Text>{t('imports.intro')}</Text>
        <div>
          <Anchor component="button" type="button" onClick={template}>
            {t('imports.template')}
          </Anchor>
          {templateError ? <ErrorNotice error={templateError} template="export.failed" compact /> : null}
        </div>
      </Stack>

      <Stack
        gap="sm"
        component="form"
        aria-busy={upload.isPending}
        onSubmit={(event) => {
          event.preventDefault();
          if (file) upload.mutate();
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <FileInput
            label={t('imports.file')}
            description={t('imports.fileHint')}
            placeholder={t('imports.choose')}
            value={file}
            onChange={setFile}
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            miw={260}
            // Mantine's placeholder grey is too light on white (WCAG AA).
            styles={{ placeholder: { color: 'var(--mantine-color-dark-4)' } }}
          />
          <NativeSelect
            label={t('imports.savedMappingForUpload')}
            value={uploadMappingId}
            onChange={(event) => setUploadMappingId(event.currentTarget.value)}
            data={[
              { value: '', label: t('imports.guessedMapping') },
              ...(saved.data ?? []).map((m) => ({ value: m.id, label: m.name })),
            ]}
          />
          <Button type="submit" disabled={!file} loading={upload.isPending}>
            {t('imports.upload')}
          </Button>
        </Group>
        {upload.isPending ? (
          <Text size="sm" role="status">
            {t('imports.uploading')}
          </Text>
        ) : null}
        {upload.isError ? <ErrorNotice error={upload.error} /> : null}
      </Stack>

      {current ? (
        <Stack gap="md">
          <Text fw={600} role="status">
            {t('imports.uploaded', {
              fileName: current.fileName,
              format: current.format.toUpperCase(),
              sheets: current.sheets.length,
            })}{' '}
            · {t(`imports.state.${current.state}`)}
          </Text>
          {state === 'uploaded' || state === 'checked' ? (
            <MappingEditor upload={current} mapping={mapping} onChange={changeMapping} />
          ) : null}
          {state === 'uploaded' || state === 'checked' ? (
            <Group>
              <Button
                variant={report ? 'default' : 'filled'}
                loading={dryRun.isPending}
                onClick={() => dryRun.mutate(current.id)}
              >
                {report ? t('imports.dryRun.again') : t('imports.dryRun.run')}
              </Button>
              {dryRun.isPending ? (
                <Text size="sm" role="status">
                  {t('imports.dryRun.running')}
                </Text>
              ) : null}
            </Group>
          ) : null}
          {dryRun.isError ? <ErrorNotice error={dryRun.error} /> : null}

          {report ? <DryRunReport run={report} runLocale={run.locale} /> : null}

          {report && state === 'checked' ? (
            <Group>
              <Button
                color="green.9"
                disabled={!mayCommit}
                loading={commit.isPending}
                onClick={() => commit.mutate(report)}
              >
                {t('imports.commit.run')}
              </Button>
            </Group>
          ) : null}
          {isCode(commit.error, 'IMPORT_STALE') ? (
            <Alert color="orange" variant="light" role="alert">
              <Stack gap="xs" align="flex-start">
                <Text>{t('imports.commit.stale')}</Text>
                <Button size="xs" loading={dryRun.isPending} onClick={() => dryRun.mutate(current.id)}>
                  {t('imports.dryRun.again')}
                </Button>
              </Stack>
            </Alert>
          ) : commit.isError ? (
            <ErrorNotice
              error={isCode(commit.error, 'IMPORT_NOT_READY') ? t('imports.commit.notReady') : commit.error}
            />
          ) : null}

          {state === 'committed' && current.summary ? (
            <Alert color="green" variant="light" role="status">
              {t('imports.commit.done', {
                created: current.summary.agreements.create + current.summary.milestones.create,
                updated: current.summary.agreements.update + current.summary.milestones.update,
              })}
            </Alert>
          ) : null}
          {state === 'undone' ? (
            <Alert color="gray" variant="light" role="status">
              {t('imports.undo.done')}
            </Alert>
          ) : null}
          {state === 'committed' ? (
            <Group>
              <Button color="red" variant="outline" onClick={() => setUndoing(true)}>
                {t('imports.undo.run')}
              </Button>
            </Group>
          ) : null}
          {undoing ? (
            <ConfirmDialog
              title={t('imports.undo.run')}
              message={t('imports.undo.confirm', { fileName: current.fileName })}
              confirmLabel={t('imports.undo.run')}
              onConfirm={() => undo(current)}
              onClose={() => setUndoing(false)}
            />
          ) : null}
        </Stack>
      ) : null}

      <RecentImports
        onOpen={(record) => open(record, record.summary ? { ...record, rows: [] } : null, record.summary ? '' : locale)}
      />
    </Stack>
  );
}
