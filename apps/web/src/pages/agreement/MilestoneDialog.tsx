import { Alert, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useAreaNames } from '../../api/record-options';
import { fieldProblems, isVersionConflict } from '../../api/record-errors';
import { CalendarDateField, isCalendarDateValue } from '../../components/CalendarDateField';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { Milestone } from './agreement-queries';

type Mode = { kind: 'add' } | { kind: 'edit'; milestone: Milestone } | { kind: 'complete'; milestone: Milestone };

interface MilestoneForm {
  title: string;
  description: string;
  area: string;
  ownerAgency: string;
  dueOn: string;
  status: 'planned' | 'in-progress' | 'done' | 'cancelled';
  targetValue: string;
  actualValue: string;
  unit: string;
  completedOn: string;
}

const fields = [
  'title',
  'description',
  'area',
  'ownerAgency',
  'dueOn',
  'status',
  'targetValue',
  'actualValue',
  'unit',
  'completedOn',
] as const;

function formOf(m: Milestone | undefined, complete: boolean, today: string): MilestoneForm {
  return {
    title: m?.title ?? '',
    description: m?.description ?? '',
    area: m?.area ?? '',
    ownerAgency: m?.ownerAgency ?? '',
    dueOn: m?.dueOn ?? '',
    status: complete ? 'done' : (m?.storedStatus ?? 'planned'),
    targetValue: m?.targetValue?.toString() ?? '',
    actualValue: m?.actualValue?.toString() ?? '',
    unit: m?.unit ?? '',
    completedOn: m?.completedOn ?? (complete ? today : ''),
  };
}

const text = (value: string) => (value.trim() === '' ? null : value.trim());
const number = (value: string) => (value.trim() === '' ? null : Number(value.replace(/[,\s]/g, '')));

/**
 * Adds, edits or completes a milestone. Completing asks only for the actual value and the
 * completion date. An edit sends the version it read; a 409 says someone changed it meanwhile.
 */
export function MilestoneDialog({
  agreementId,
  mode,
  today,
  onClose,
  onSaved,
  onStale,
}: {
  agreementId: string;
  mode: Mode;
  today: string;
  onClose: () => void;
  onSaved: () => void;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const areas = useAreaNames();
  const milestone = mode.kind === 'add' ? undefined : mode.milestone;
  const completing = mode.kind === 'complete';
  const [failure, setFailure] = useState<unknown>(null);
  const numberRule = {
    validate: (v: string) => v.trim() === '' || Number.isFinite(number(v)) || t('agreementForm.errors.number'),
  };
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<MilestoneForm>({ defaultValues: formOf(milestone, completing, today) });
  const status = useWatch({ control, name: 'status' });

  const onSubmit = handleSubmit(async (form) => {
    setFailure(null);
    const body = {
      title: form.title.trim(),
      description: text(form.description),
      area: text(form.area),
      ownerAgency: text(form.ownerAgency),
      dueOn: form.dueOn,
      status: form.status,
      targetValue: number(form.targetValue),
      actualValue: number(form.actualValue),
      unit: text(form.unit),
      completedOn: form.status === 'done' ? form.completedOn || null : null,
    };
    try {
      if (!milestone) {
        unwrap(await api.POST('/agreements/{id}/milestones', { params: { path: { id: agreementId } }, body }));
      } else {
        const changes = completing
          ? { status: 'done' as const, actualValue: body.actualValue, completedOn: body.completedOn }
          : body;
        unwrap(
          await api.PATCH('/milestones/{id}', {
            params: { path: { id: milestone.id } },
            body: { ...changes, version: milestone.version },
          }),
        );
      }
      onSaved();
    } catch (error) {
      // Someone else changed it: the list behind the dialog shows it as it is now.
      if (isVersionConflict(error)) onStale();
      const problems = fieldProblems(t, error);
      const placed = problems.filter((p) => (fields as readonly string[]).includes(p.field));
      placed.forEach((p, i) =>
        setError(p.field as keyof MilestoneForm, { message: p.message }, { shouldFocus: i === 0 }),
      );
      if (placed.length < problems.length || problems.length === 0) setFailure(error);
    }
  });

  const title =
    mode.kind === 'add'
      ? t('milestone.addTitle')
      : completing
        ? t('milestone.completeTitle', { title: milestone?.title })
        : t('milestone.editTitle', { title: milestone?.title });
  const dateField = (name: 'dueOn' | 'completedOn', label: string, required: boolean) => (
    <Controller
      control={control}
      name={name}
      rules={{
        validate: (v) =>
          !isCalendarDateValue(v) ? t('dateInput.invalid') : required && !v ? t('signIn.required') : true,
      }}
      render={({ field }) => (
        <CalendarDateField
          label={label}
          name={name}
          required={required}
          value={field.value}
          onChange={field.onChange}
          onBlur={field.onBlur}
          inputRef={field.ref}
          error={errors[name]?.message}
        />
      )}
    />
  );

  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': t('agreementForm.close') }}
      title={title}
      size="lg"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {failure ? (
            isVersionConflict(failure) ? (
              <Alert color="yellow" role="alert">
                {t('milestone.conflict')}
              </Alert>
            ) : (
              <ErrorNotice error={failure} />
            )
          ) : null}
          {completing ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('milestone.actualValue', { unit: milestone?.unit ?? '' })}
                inputMode="decimal"
                error={errors.actualValue?.message}
                data-autofocus
                {...register('actualValue', numberRule)}
              />
              {dateField('completedOn', t('milestone.completedOn'), false)}
            </SimpleGrid>
          ) : (
            <>
              <TextInput
                label={t('milestone.titleField')}
                required
                data-autofocus
                error={errors.title?.message}
                {...register('title', { validate: (v) => v.trim() !== '' || t('signIn.required') })}
              />
              <Textarea label={t('milestone.description')} autosize minRows={2} {...register('description')} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('milestone.ownerAgency')}
                  error={errors.ownerAgency?.message}
                  {...register('ownerAgency')}
                />
                <NativeSelect
                  label={t('milestone.area')}
                  error={errors.area?.message}
                  data={[{ value: '', label: t('common.none') }, ...areas.options]}
                  {...register('area')}
                />
                {dateField('dueOn', t('milestone.dueOn'), true)}
                <NativeSelect
                  label={t('milestone.status')}
                  error={errors.status?.message}
                  data={(['planned', 'in-progress', 'done', 'cancelled'] as const).map((s) => ({
                    value: s,
                    label: t(`milestoneStatus.${s}`),
                  }))}
                  {...register('status')}
                />
                <TextInput
                  label={t('milestone.targetValue')}
                  inputMode="decimal"
                  error={errors.targetValue?.message}
                  {...register('targetValue', numberRule)}
                />
                <TextInput label={t('milestone.unit')} error={errors.unit?.message} {...register('unit')} />
                <TextInput
                  label={t('milestone.actualValue', { unit: '' })}
                  inputMode="decimal"
                  error={errors.actualValue?.message}
                  {...register('actualValue', numberRule)}
                />
                {status === 'done' ? dateField('completedOn', t('milestone.completedOn'), false) : null}
              </SimpleGrid>
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('agreementForm.cancel')}
            </Button>
            <Button type="submit" loading={isSubmitting}>
              {completing ? t('milestone.completeSubmit') : t('milestone.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export type MilestoneDialogMode = Mode;
