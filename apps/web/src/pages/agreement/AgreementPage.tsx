import { Anchor, Divider, Grid, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMayKeep } from '../../auth/record-access';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { paths } from '../../paths';
import { useAgreement, useAgreementTerms, useRefreshAgreement } from './agreement-queries';
import { AgreementFacts } from './AgreementFacts';
import { AgreementHeader } from './AgreementHeader';
import { DocumentsSection } from './documents/DocumentsSection';
import { ConfirmDialog } from './ConfirmDialog';
import { HistorySection } from './HistorySection';
import { LifecycleTimeline } from './LifecycleTimeline';
import { officeToday } from './lifecycle';
import { MilestonesSection } from './MilestonesSection';
import { RemindersSection } from './RemindersSection';
import { StatusDialog } from './StatusDialog';

/**
 * One agreement: its header and next deadline, lifecycle, parties and links, milestones,
 * documents, reminders and history. Write controls appear only for those who may keep its record.
 */
export default function AgreementPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const agreement = useAgreement(id);
  const terms = useAgreementTerms(id);
  const refresh = useRefreshAgreement(id);
  const mayKeep = useMayKeep(agreement.data?.leadAgency);
  const [dialog, setDialog] = useState<'status' | 'archive' | null>(null);
  const [documentsOf, setDocumentsOf] = useState('');
  const today = officeToday();

  if (agreement.isPending) return <PageLoader />;
  if (agreement.isError) return <ErrorNotice error={agreement.error} />;
  const a = agreement.data;

  const archive = async () => {
    const route = a.archived ? '/agreements/{id}/restore' : '/agreements/{id}/archive';
    unwrap(await api.POST(route, { params: { path: { id: a.id } }, body: { version: a.version } }));
    await refresh();
  };

  return (
    <Stack gap="xl">
      <Anchor component={Link} to={paths.register} size="sm">
        {t('app.backToRegister')}
      </Anchor>
      <AgreementHeader
        agreement={a}
        mayKeep={mayKeep}
        onChangeStatus={() => setDialog('status')}
        onArchive={() => setDialog('archive')}
      />
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 5 }}>
          {terms.isError ? <ErrorNotice error={terms.error} /> : null}
          <LifecycleTimeline agreement={a} terms={terms.data ?? []} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <AgreementFacts agreement={a} />
        </Grid.Col>
      </Grid>
      <Divider />
      <MilestonesSection
        agreementId={a.id}
        mayKeep={mayKeep && !a.archived}
        today={today}
        onChanged={() => void refresh()}
        onShowDocuments={(milestoneId) => {
          setDocumentsOf(milestoneId);
          document.getElementById('documents-heading')?.scrollIntoView();
        }}
      />
      <Divider />
      <DocumentsSection
        agreementId={a.id}
        mayKeep={mayKeep && !a.archived}
        milestoneId={documentsOf}
        onMilestoneChange={setDocumentsOf}
      />
      <Divider />
      <RemindersSection agreementId={a.id} />
      <Divider />
      <HistorySection agreementId={a.id} />
      {dialog === 'status' ? (
        <StatusDialog
          agreement={a}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            void refresh();
          }}
          onStale={() => void refresh()}
        />
      ) : null}
      {dialog === 'archive' ? (
        <ConfirmDialog
          title={a.archived ? t('agreement.restoreTitle') : t('agreement.archiveTitle')}
          message={
            a.archived
              ? t('agreement.restoreConfirm', { reference: a.reference })
              : t('agreement.archiveConfirm', { reference: a.reference })
          }
          confirmLabel={a.archived ? t('agreement.restore') : t('agreement.archive')}
          onConfirm={archive}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </Stack>
  );
}
