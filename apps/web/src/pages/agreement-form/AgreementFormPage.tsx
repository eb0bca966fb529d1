import { Alert, Anchor, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type FieldPath, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { type Agreement, api, type Schemas, unwrap } from '../../api/client';
import { conflictCurrent, fieldProblems, isVersionConflict } from '../../api/record-errors';
import { useAuth } from '../../auth/auth-context';
import { mayKeepRecordsOf, mayRecordAgreements } from '../../auth/record-access';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { paths } from '../../paths';
import { agreementKey, useAgreement } from '../agreement/agreement-queries';
import { useRecordValue } from '../agreement/record-values';
import {
  type AgreementFormValues,
  blankForm,
  bodyOf,
  changedFields,
  editedFormFields,
  formFieldOf,
  formOf,
} from './agreement-form-values';
import { AgreementFields } from './AgreementFields';
import { ConflictPanel } from './ConflictPanel';

/** Fields rendered as inputs: an API error naming one of these appears next to it. */
const inputFields = new Set([
  'reference',
  'titleEn',
  'titleTh',
  'kind',
  'leadAgency',
  'summary',
  'status',
  'cabinetApprovedOn',
  'cabinetResolutionRef',
  'signedOn',
  'signedPlace',
  'effectiveOn',
  'termValue',
  'renewal',
  'noticeDays',
  'contacts',
  'sourceUrls',
  'tags',
  'reminderExpiry',
  'reminderNotice',
  'reminderMilestone',
  'reminderOverdueEvery',
  'amendsReference',
  'supersedesReference',
]);
const partyField = /^parties\.\d+\.(country|organization|signatory|signatoryTitle)$/;
/** Group-level problems shown above their group. */
const groupFields = new Set(['parties', 'areas']);

/** Another agreement's id from its reference (exact match), for amends / supersedes. */
async function agreementIdOf(reference: string): Promise<string | null> {
  const page = unwrap(
    await api.GET('/agreements', { params: { query: { q: reference, includeArchived: true, limit: 20 } } }),
  );
  return page.items.find((a) => a.reference.toUpperCase() === reference.trim().toUpperCase())?.id ?? null;
}

export default function AgreementFormPage() {
  const { id } = useParams();
  const existing = useAgreement(id ?? '');
  if (!id) return <AgreementFormScreen base={null} />;
  if (existing.isPending) return <PageLoader />;
  if (existing.isError) return <ErrorNotice error={existing.error} />;
  return <AgreementFormScreen key={id} base={existing.data} />;
}

function AgreementFormScreen({ base: loaded }: { base: Agreement | null }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const record = useRecordValue();
  const creating = loaded === null;
  const officerAgency = user?.role === 'officer' ? user.agency : null;
  /** The version this form edits: what it loaded, or the current one after a conflict was applied. */
  const [base, setBase] = useState<Agreement | null>(loaded);
  const [conflict, setConflict] = useState<Agreement | null>(null);
  const [applied, setApplied] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [groupErrors, setGroupErrors] = useState<Record<string, string>>({});
  const [unplaced, setUnplaced] = useState<Array<{ field: string; message: string }>>([]);
  const [nothingChanged, setNothingChanged] = useState(false);
  const {
    control,
    register,
    handleSubmit,
    setError,
    getValues,
    reset,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<AgreementFormValues>({
    defaultValues: loaded ? formOf(loaded) : blankForm(user?.agency ?? ''),
    shouldFocusError: true,
  });

  const allowed = creating ? mayRecordAgreements(user) : mayKeepRecordsOf(user, loaded.leadAgency);
  if (!allowed) return <Navigate to={loaded ? paths.agreement(loaded.id) : paths.register} replace />;

  const clearProblems = () => {
    setFailure(null);
    setGroupErrors({});
    setUnplaced([]);
    setNothingChanged(false);
  };

  const placeProblems = (problems: Array<{ field: string; message: string }>) => {
    const groups: Record<string, string> = {};
    const rest: typeof problems = [];
    let first = true;
    for (const p of problems) {
      const field = formFieldOf(p.field);
      if (inputFields.has(field) || partyField.test(field)) {
        setError(field as FieldPath<AgreementFormValues>, { type: 'api', message: p.message }, { shouldFocus: first });
        first = false;
      } else if (groupFields.has(field)) {
        groups[field] = p.message;
      } else rest.push(p);
    }
    setGroupErrors(groups);
    setUnplaced(rest);
  };

  const onSubmit = handleSubmit(async (form) => {
    clearProblems();
    setApplied(false);
    const body = bodyOf(form);
    const links: { amendsId?: string | null; supersedesId?: string } = {};
    const linkProblems: Array<{ field: string; message: string }> = [];
    const was = base ? formOf(base) : null;
    for (const [field, apiField] of [
      ['amendsReference', 'amendsId'],
      ['supersedesReference', 'supersedesId'],
    ] as const) {
      const reference = form[field].trim();
      if (was && was[field] === form[field]) continue;
      if (!reference) {
        if (apiField === 'amendsId' && was?.amendsReference) links.amendsId = null;
        continue;
      }
      const found = await agreementIdOf(reference);
      if (found) links[apiField] = found;
      else linkProblems.push({ field: apiField, message: t('agreementForm.errors.linkNotFound', { reference }) });
    }
    if (linkProblems.length) {
      placeProblems(linkProblems);
      return;
    }

    try {
      let saved: Agreement;
      if (!base) {
        saved = unwrap(
          await api.POST('/agreements', {
            body: {
              ...body,
              kind: body.kind ?? 'mou',
              parties: body.parties ?? [],
              leadAgency: body.leadAgency ?? '',
              status: form.status,
              ...links,
            },
          }),
        );
      } else {
        const changed = changedFields(bodyOf(formOf(base)), body);
        const patch = Object.fromEntries(changed.map((key) => [key, body[key]]));
        if (changed.length === 0 && Object.keys(links).length === 0) {
          setNothingChanged(true);
          return;
        }
        saved = unwrap(
          await api.PATCH('/agreements/{id}', {
            params: { path: { id: base.id } },
            // Only the fields this person changed, with the version they read.
            body: { ...patch, ...links, version: base.version } as Schemas['UpdateAgreementDto'],
          }),
        );
      }
      queryClient.setQueryData(agreementKey(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: agreementKey(saved.id) });
      await queryClient.invalidateQueries({ queryKey: ['agreements'] });
      navigate(paths.agreement(saved.id));
    } catch (error) {
      if (isVersionConflict(error)) {
        const current = conflictCurrent<Agreement>(error);
        if (current) {
          setConflict(current);
          return;
        }
      }
      const problems = fieldProblems(t, error);
      if (problems.length) placeProblems(problems);
      else setFailure(error);
    }
  });

  const applyToCurrent = () => {
    if (!base || !conflict) return;
    const mine = getValues();
    const edited = editedFormFields(formOf(base), mine);
    const merged = formOf(conflict);
    for (const key of edited) (merged as unknown as Record<string, unknown>)[key] = mine[key];
    reset(merged);
    setBase(conflict);
    setConflict(null);
    setApplied(true);
  };

  const discardMine = () => {
    if (!conflict) return;
    reset(formOf(conflict));
    setBase(conflict);
    setConflict(null);
    setApplied(false);
  };

  const errorCount = Object.keys(errors).length + Object.keys(groupErrors).length + unplaced.length;
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="agreement-form-title">
      <Stack gap="lg" maw={960}>
        <Anchor component={Link} to={base ? paths.agreement(base.id) : paths.register} size="sm">
          {base ? t('agreementForm.backToAgreement', { reference: base.reference }) : t('app.backToRegister')}
        </Anchor>
        <Title order={1} size="h2" id="agreement-form-title">
          {base ? t('agreementForm.editTitle', { reference: base.reference }) : t('agreementForm.newTitle')}
        </Title>
        {conflict && base ? (
          <ConflictPanel
            base={base}
            current={conflict}
            mine={getValues()}
            onApply={applyToCurrent}
            onDiscard={discardMine}
          />
        ) : null}
        {applied && base ? (
          <Alert color="blue" role="status" data-testid="conflict-applied">
            {t('agreementForm.conflict.applied', { version: base.version })}
          </Alert>
        ) : null}
        {nothingChanged ? <Alert role="status">{t('agreementForm.nothingChanged')}</Alert> : null}
        {failure ? <ErrorNotice error={failure} /> : null}
        {submitCount > 0 && errorCount > 0 ? (
          <Alert color="red" role="alert" title={t('agreementForm.notSaved')} data-testid="form-errors">
            <Text size="sm">{t('agreementForm.problems', { count: errorCount })}</Text>
            {unplaced.length ? (
              <List size="sm">
                {unplaced.map((p) => (
                  <List.Item key={`${p.field}-${p.message}`}>
                    {record.label(p.field)}: {p.message}
                  </List.Item>
                ))}
              </List>
            ) : null}
          </Alert>
        ) : null}
        <AgreementFields
          control={control}
          register={register}
          errors={errors}
          groupErrors={groupErrors}
          creating={creating}
          officerAgency={officerAgency}
        />
        <Group>
          <Button type="submit" loading={isSubmitting} disabled={conflict !== null}>
            {base ? t('agreementForm.saveChanges') : t('agreementForm.create')}
          </Button>
          <Button variant="default" component={Link} to={base ? paths.agreement(base.id) : paths.register}>
            {t('agreementForm.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
