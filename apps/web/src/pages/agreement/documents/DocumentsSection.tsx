import { Badge, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { useAuth } from '../../../auth/auth-context';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { PageLoader } from '../../../components/PageLoader';
import { ToneBadge } from '../../../components/RecordStatusBadge';
import { agreementKey, useAgreementMilestones, useRefreshAgreement } from '../agreement-queries';
import { ConfirmDialog } from '../ConfirmDialog';
import { useFormatInstant } from '../format-instant';
import { type AgreementDocument, useDocumentFormat } from './document-format';
import { DocumentPreview } from './DocumentPreview';
import { DocumentUploadDialog, type UploadMode } from './DocumentUploadDialog';
import { DocumentVersions } from './DocumentVersions';

const extractionTone = { pending: 'blue', done: 'green', failed: 'red' } as const;
/** The filter's value for documents filed under the agreement itself, not a milestone. */
const ALL = '';

/**
 * The agreement's documents (or one milestone's): the current version of each, every version
 * on demand, the first page's preview, and for those who keep the record upload, new
 * version, archive and restore.
 */
export function DocumentsSection({
  agreementId,
  mayKeep,
  milestoneId,
  onMilestoneChange,
}: {
  agreementId: string;
  mayKeep: boolean;
  /** '' for the whole agreement; a milestone's id shows only that milestone's documents. */
  milestoneId: string;
  onMilestoneChange: (milestoneId: string) => void;
}) {
  const { t } = useTranslation();
  const { preferences } = useAuth();
  const instant = useFormatInstant(preferences);
  const format = useDocumentFormat();
  const refresh = useRefreshAgreement(agreementId);
  const milestones = useAgreementMilestones(agreementId);
  const [upload, setUpload] = useState<UploadMode | null>(null);
  const [open, setOpen] = useState<{ id: string; part: 'versions' | 'preview' } | null>(null);
  const [archiving, setArchiving] = useState<AgreementDocument | null>(null);
  const documents = useQuery({
    queryKey: [...agreementKey(agreementId), 'documents', milestoneId, mayKeep],
    queryFn: async () =>
      unwrap(
        await api.GET('/agreements/{id}/documents', {
          params: {
            path: { id: agreementId },
            query: { milestoneId: milestoneId || undefined, includeArchived: mayKeep || undefined },
          },
        }),
      ),
  });
  const filterOptions = (milestones.data?.items ?? []).map((m) => ({
    value: m.id,
    label: t('documents.milestoneOf', { title: m.title }),
  }));
  // New documents go only under a live milestone.
  const milestoneOptions = filterOptions.filter((o) => !milestones.data?.items.find((m) => m.id === o.value)?.archived);
  const milestoneTitle = (id: string | null) => milestones.data?.items.find((m) => m.id === id)?.title;
  const toggle = (id: string, part: 'versions' | 'preview') =>
    setOpen(open?.id === id && open.part === part ? null : { id, part });

  const archive = async (d: AgreementDocument) => {
    const route = d.archived ? '/documents/{id}/restore' : '/documents/{id}/archive';
    unwrap(await api.POST(route, { params: { path: { id: d.id } }, body: { version: d.version } }));
    await refresh();
  };

  return (
    <section aria-labelledby="documents-heading" data-testid="documents-section">
      <Group justify="space-between" mb="sm" align="flex-end">
        <Title order={2} size="h3" id="documents-heading">
          {t('documents.title')}
        </Title>
        <Group align="flex-end">
          <NativeSelect
            size="sm"
            label={t('documents.filterLabel')}
            value={milestoneId}
            onChange={(event) => onMilestoneChange(event.currentTarget.value)}
            data={[{ value: ALL, label: t('documents.filterAll') }, ...filterOptions]}
          />
          {mayKeep ? (
            <Button onClick={() => setUpload({ kind: 'new', milestoneId: milestoneId || undefined })}>
              {t('documents.upload')}
            </Button>
          ) : null}
        </Group>
      </Group>
      {documents.isPending ? <PageLoader /> : null}
      {documents.isError ? <ErrorNotice error={documents.error} /> : null}
      {documents.data && documents.data.items.length === 0 ? <Text c="dark.4">{t('documents.empty')}</Text> : null}
      {documents.data && documents.data.items.length > 0 ? (
        <div className="table-scroll">
          <Table data-testid="documents" verticalSpacing="sm">
            <Table.Caption c="dark.4">{t('documents.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('documents.columns.type')}</Table.Th>
                <Table.Th scope="col">{t('documents.columns.language')}</Table.Th>
                <Table.Th scope="col">{t('documents.columns.file')}</Table.Th>
                <Table.Th scope="col">{t('documents.columns.size')}</Table.Th>
                <Table.Th scope="col">{t('documents.columns.uploaded')}</Table.Th>
                <Table.Th scope="col">{t('documents.columns.extraction')}</Table.Th>
                <Table.Th scope="col">{t('documents.columns.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {documents.data.items.map((d) => {
                const expanded = open?.id === d.id ? open.part : null;
                const milestone = milestoneTitle(d.milestoneId);
                return (
                  <Fragment key={d.id}>
                    <Table.Tr data-testid="document-row" style={d.archived ? { opacity: 0.75 } : undefined}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {t(`documents.types.${d.type}`)}
                        </Text>
                        {milestone ? (
                          <Text size="xs" c="dark.4">
                            {t('documents.milestoneOf', { title: milestone })}
                          </Text>
                        ) : null}
                        <Group gap={4}>
                          {d.authoritative ? (
                            <Badge size="xs" color="indigo.9" variant="outline" tt="none">
                              {t('documents.authoritative')}
                            </Badge>
                          ) : null}
                          {d.archived ? (
                            <Badge size="xs" color="dark.6" variant="outline" tt="none">
                              {t('documents.archived')}
                            </Badge>
                          ) : null}
                        </Group>
                      </Table.Td>
                      <Table.Td>{format.language(d.language)}</Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                          {d.current.filename}
                        </Text>
                        <Text size="xs" c="dark.4">
                          {t('documents.versionLabel', { number: d.current.number })}
                        </Text>
                      </Table.Td>
                      <Table.Td>{format.size(d.current.sizeBytes)}</Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {t('documents.uploadedByAt', { by: d.current.uploadedBy, at: instant(d.current.uploadedAt) })}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <ToneBadge tone={extractionTone[d.current.extraction.state]}>
                          {t(`documents.extraction.${d.current.extraction.state}`)}
                        </ToneBadge>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="xs"
                            variant="default"
                            aria-expanded={expanded === 'versions'}
                            onClick={() => toggle(d.id, 'versions')}
                          >
                            {t('documents.versions', { count: d.versions.length })}
                          </Button>
                          {d.current.previewAvailable ? (
                            <Button
                              size="xs"
                              variant="default"
                              aria-expanded={expanded === 'preview'}
                              onClick={() => toggle(d.id, 'preview')}
                            >
                              {expanded === 'preview' ? t('documents.hidePreview') : t('documents.preview')}
                            </Button>
                          ) : null}
                          {mayKeep && !d.archived ? (
                            <Button
                              size="xs"
                              variant="default"
                              onClick={() => setUpload({ kind: 'version', document: d })}
                            >
                              {t('documents.newVersion')}
                            </Button>
                          ) : null}
                          {mayKeep ? (
                            <Button size="xs" variant="subtle" color="red" onClick={() => setArchiving(d)}>
                              {d.archived ? t('documents.restore') : t('documents.archive')}
                            </Button>
                          ) : null}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                    {expanded ? (
                      <Table.Tr>
                        <Table.Td colSpan={7}>
                          <Stack gap="xs">
                            {expanded === 'versions' ? <DocumentVersions document={d} /> : null}
                            {expanded === 'preview' ? <DocumentPreview version={d.current} /> : null}
                          </Stack>
                        </Table.Td>
                      </Table.Tr>
                    ) : null}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
      ) : null}
      {upload ? (
        <DocumentUploadDialog
          agreementId={agreementId}
          mode={upload}
          milestones={milestoneOptions}
          onClose={() => setUpload(null)}
          onStale={() => void refresh()}
          onUploaded={() => {
            setUpload(null);
            void refresh();
          }}
        />
      ) : null}
      {archiving ? (
        <ConfirmDialog
          title={archiving.archived ? t('documents.restoreTitle') : t('documents.archiveTitle')}
          message={
            archiving.archived
              ? t('documents.restoreConfirm', { filename: archiving.current.filename })
              : t('documents.archiveConfirm', { filename: archiving.current.filename })
          }
          confirmLabel={archiving.archived ? t('documents.restore') : t('documents.archive')}
          onConfirm={() => archive(archiving)}
          onClose={() => setArchiving(null)}
        />
      ) : null}
    </section>
  );
}
