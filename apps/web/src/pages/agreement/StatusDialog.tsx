import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { type Agreement, api, ApiRequestError, type Schemas, unwrap } from '../../api/client';
import { fieldProblems, isVersionConflict } from '../../api/record-errors';
import { CalendarDateField, isCalendarDateValue } from '../../components/CalendarDateField';
import { ErrorNotice } from '../../components/ErrorNotice';
import { allowedTransitions, type AgreementStatus, requiredDates, type StageDateField } from './lifecycle';

interface StatusForm {
  to: AgreementStatus | '';
  cabinetApprovedOn: string;
  cabinetResolutionRef: string;
  signedOn: string;
  signedPlace: string;
  effectiveOn: string;
}

/** The dates (and their companions) each target stage asks for. */
const asked: Partial<Record<AgreementStatus, readonly StageDateField[]>> = {
  approved: ['cabinetApprovedOn'],
  signed: ['signedOn'],
  'in-force': ['signedOn', 'effectiveOn'],
};

/**
 * Offers only the moves the API allows from the status as read, and asks for the dates the
 * chosen stage needs (filled in when already recorded).
 */
export function StatusDialog({
  agreement: a,
  onClose,
  onSaved,
  onStale,
}: {
  agreement: Agreement;
  onClose: () => void;
  onSaved: () => void;
  /** The record moved on meanwhile (409): the page re-reads it. */
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<unknown>(null);
  const options = allowedTransitions[a.status];
  const {
    control,
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<StatusForm>({
    defaultValues: {
      to: options[0] ?? '',
      cabinetApprovedOn: a.cabinetApprovedOn ?? '',
      cabinetResolutionRef: a.cabinetResolutionRef ?? '',
      signedOn: a.signedOn ?? '',
      signedPlace: a.signedPlace ?? '',
      effectiveOn: a.effectiveOn ?? '',
    },
  });
  const to = useWatch({ control, name: 'to' });
  const dates = to ? (asked[to] ?? []) : [];
  const needed = new Set(to ? requiredDates[to] : []);

  const onSubmit = handleSubmit(async (form) => {
    if (!form.to) return;
    setFailure(null);
    const body: Schemas['TransitionDto'] = { to: form.to, version: a.version };
    if (dates.includes('cabinetApprovedOn')) {
      if (form.cabinetApprovedOn) body.cabinetApprovedOn = form.cabinetApprovedOn;
      if (form.cabinetResolutionRef.trim()) body.cabinetResolutionRef = form.cabinetResolutionRef.trim();
    }
    if (dates.includes('signedOn')) {
      if (form.signedOn) body.signedOn = form.signedOn;
      if (form.signedPlace.trim()) body.signedPlace = form.signedPlace.trim();
    }
    if (dates.includes('effectiveOn') && form.effectiveOn) body.effectiveOn = form.effectiveOn;
    try {
      unwrap(await api.POST('/agreements/{id}/status', { params: { path: { id: a.id } }, body }));
      onSaved();
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 409) onStale();
      const problems = fieldProblems(t, error);
      const fields = ['cabinetApprovedOn', 'cabinetResolutionRef', 'signedOn', 'signedPlace', 'effectiveOn'];
      const placed = problems.filter((p) => fields.includes(p.field));
      placed.forEach((p) => setError(p.field as keyof StatusForm, { message: p.message }));
      if (placed.length < problems.length || problems.length === 0) setFailure(error);
    }
  });

  const dateField = (name: StageDateField, label: string) => (
    <Controller
      key={name}
      control={control}
      name={name}
      rules={{
        validate: (v) =>
          !isCalendarDateValue(v) ? t('dateInput.invalid') : needed.has(name) && !v ? t('signIn.required') : true,
      }}
      render={({ field }) => (
        <CalendarDateField
          label={label}
          name={name}
          required={needed.has(name)}
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
      title={t('agreement.changeStatusTitle', { reference: a.reference })}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {options.length === 0 ? (
            <Text>{t('agreement.noTransitions', { status: t(`status.${a.status}`) })}</Text>
          ) : null}
          {failure ? (
            isVersionConflict(failure) ? (
              <Alert color="yellow" role="alert">
                {t('agreement.statusConflict')}
              </Alert>
            ) : failure instanceof ApiRequestError && failure.body?.code === 'ILLEGAL_TRANSITION' ? (
              <Alert color="red" role="alert">
                {t('agreement.illegalTransition')}
              </Alert>
            ) : (
              <ErrorNotice error={failure} />
            )
          ) : null}
          {options.length > 0 ? (
            <Controller
              control={control}
              name="to"
              render={({ field }) => (
                <Radio.Group
                  label={t('agreement.statusFrom', { status: t(`status.${a.status}`) })}
                  value={field.value}
                  onChange={(v) => field.onChange(v as AgreementStatus)}
                  name="to"
                >
                  <Stack gap={6} mt={6}>
                    {options.map((s) => (
                      <Radio key={s} value={s} label={t(`status.${s}`)} />
                    ))}
                  </Stack>
                </Radio.Group>
              )}
            />
          ) : null}
          {dates.includes('cabinetApprovedOn') ? (
            <>
              {dateField('cabinetApprovedOn', t('agreementForm.cabinetApprovedOn'))}
              <TextInput label={t('agreementForm.cabinetResolutionRef')} {...register('cabinetResolutionRef')} />
            </>
          ) : null}
          {dates.includes('signedOn') ? (
            <>
              {dateField('signedOn', t('agreementForm.signedOn'))}
              <TextInput label={t('agreementForm.signedPlace')} {...register('signedPlace')} />
            </>
          ) : null}
          {dates.includes('effectiveOn') ? dateField('effectiveOn', t('agreementForm.effectiveOn')) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('agreementForm.cancel')}
            </Button>
            {options.length > 0 ? (
              <Button type="submit" loading={isSubmitting}>
                {t('agreement.changeStatusSubmit')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
