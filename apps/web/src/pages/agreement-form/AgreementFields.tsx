import { Checkbox, Fieldset, NativeSelect, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { type Control, Controller, type FieldErrors, type UseFormRegister, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useAreaNames } from '../../api/record-options';
import { CalendarDateField, isCalendarDateValue } from '../../components/CalendarDateField';
import { creatableStatuses, requiredDates, stageDatesShown, type StageDateField } from '../agreement/lifecycle';
import type { AgreementFormValues } from './agreement-form-values';
import { PartiesFieldset } from './PartiesFieldset';

const kinds = [
  'mou',
  'moc',
  'agreement',
  'letter-of-intent',
  'exchange-of-notes',
  'protocol',
  'amendment',
  'other',
] as const;
const renewals = ['none', 'automatic', 'by-consent'] as const;

const wholeNumber = /^\s*\d+\s*$/;
const dayList = /^\s*(\d+\s*(,\s*\d+\s*)*)?$/;

/** Every field the API takes, in the order a source document gives them. */
export function AgreementFields({
  control,
  register,
  errors,
  groupErrors,
  creating,
  officerAgency,
}: {
  control: Control<AgreementFormValues>;
  register: UseFormRegister<AgreementFormValues>;
  errors: FieldErrors<AgreementFormValues>;
  /** API problems about a whole group (parties, areas) rather than one input. */
  groupErrors: Record<string, string>;
  creating: boolean;
  /** An officer records only their own agency's agreements: the lead agency is theirs. */
  officerAgency: string | null;
}) {
  const { t } = useTranslation();
  const areas = useAreaNames();
  const status = useWatch({ control, name: 'status' });
  const customReminders = useWatch({ control, name: 'customReminders' });
  const shown = stageDatesShown(status);
  const needed = new Set<StageDateField>(requiredDates[status]);

  const dateField = (name: StageDateField, label: string) => (
    <Controller
      control={control}
      name={name}
      rules={{
        validate: (v) =>
          !isCalendarDateValue(v)
            ? t('dateInput.invalid')
            : creating && needed.has(name) && !v
              ? t('agreementForm.errors.requiredForStatus', { status: t(`status.${status}`) })
              : true,
      }}
      render={({ field }) => (
        <CalendarDateField
          label={label}
          name={name}
          required={creating && needed.has(name)}
          value={field.value}
          onChange={field.onChange}
          onBlur={field.onBlur}
          inputRef={field.ref}
          error={errors[name]?.message}
        />
      )}
    />
  );
  const days = (rule: RegExp) => ({
    validate: (v: string) => v.trim() === '' || rule.test(v) || t('agreementForm.errors.dayList'),
  });

  return (
    <Stack gap="lg">
      <Fieldset legend={t('agreementForm.identity')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('agreementForm.titleTh')}
            lang="th"
            error={errors.titleTh?.message}
            {...register('titleTh')}
          />
          <TextInput
            label={t('agreementForm.titleEn')}
            lang="en"
            error={errors.titleEn?.message}
            {...register('titleEn')}
          />
          <NativeSelect
            label={t('agreementForm.kind')}
            data={kinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            error={errors.kind?.message}
            {...register('kind')}
          />
          <TextInput
            label={t('agreementForm.reference')}
            description={t('agreementForm.referenceHint')}
            error={errors.reference?.message}
            {...register('reference')}
          />
          <TextInput
            label={t('agreementForm.leadAgency')}
            required
            readOnly={officerAgency !== null}
            description={officerAgency !== null ? t('agreementForm.leadAgencyOfficer') : undefined}
            error={errors.leadAgency?.message}
            {...register('leadAgency', { validate: (v) => v.trim() !== '' || t('signIn.required') })}
          />
          <Checkbox mt="xl" label={t('agreementForm.binding')} {...register('binding')} />
        </SimpleGrid>
        <Textarea mt="sm" label={t('agreementForm.summary')} autosize minRows={2} {...register('summary')} />
      </Fieldset>

      <PartiesFieldset control={control} register={register} errors={errors} groupError={groupErrors.parties} />

      <Fieldset legend={t('agreementForm.areas')}>
        <Controller
          control={control}
          name="areas"
          render={({ field }) => (
            <Checkbox.Group
              label={t('agreementForm.areasLabel')}
              value={field.value}
              onChange={field.onChange}
              error={groupErrors.areas}
            >
              <Stack gap={6} mt={6}>
                {areas.options.map((o) => (
                  <Checkbox key={o.value} value={o.value} label={o.label} />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
        />
      </Fieldset>

      <Fieldset legend={t('agreementForm.stage')}>
        <Stack>
          {creating ? (
            <NativeSelect
              label={t('agreementForm.status')}
              description={t('agreementForm.statusHint')}
              data={creatableStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
              error={errors.status?.message}
              {...register('status')}
            />
          ) : (
            <Text size="sm">{t('agreementForm.statusEdit', { status: t(`status.${status}`) })}</Text>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {shown.approval ? (
              <>
                {dateField('cabinetApprovedOn', t('agreementForm.cabinetApprovedOn'))}
                <TextInput
                  label={t('agreementForm.cabinetResolutionRef')}
                  error={errors.cabinetResolutionRef?.message}
                  {...register('cabinetResolutionRef')}
                />
              </>
            ) : null}
            {shown.signature ? (
              <>
                {dateField('signedOn', t('agreementForm.signedOn'))}
                <TextInput
                  label={t('agreementForm.signedPlace')}
                  error={errors.signedPlace?.message}
                  {...register('signedPlace')}
                />
              </>
            ) : null}
            {shown.force ? dateField('effectiveOn', t('agreementForm.effectiveOn')) : null}
          </SimpleGrid>
        </Stack>
      </Fieldset>

      <Fieldset legend={t('agreementForm.termGroup')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('agreementForm.term')}
            required
            inputMode="numeric"
            error={errors.termValue?.message}
            {...register('termValue', {
              validate: (v) => (wholeNumber.test(v) && Number(v) > 0) || t('agreementForm.errors.positiveWhole'),
            })}
          />
          <NativeSelect
            label={t('agreementForm.termUnit')}
            data={[
              { value: 'years', label: t('agreementForm.unitYears') },
              { value: 'months', label: t('agreementForm.unitMonths') },
            ]}
            {...register('termUnit')}
          />
          <NativeSelect
            label={t('agreementForm.renewal')}
            data={renewals.map((r) => ({ value: r, label: t(`agreementForm.renewalOption.${r}`) }))}
            error={errors.renewal?.message}
            {...register('renewal')}
          />
          <TextInput
            label={t('agreementForm.noticeDays')}
            description={t('agreementForm.noticeDaysHint')}
            required
            inputMode="numeric"
            error={errors.noticeDays?.message}
            {...register('noticeDays', {
              validate: (v) => wholeNumber.test(v) || t('agreementForm.errors.wholeNumber'),
            })}
          />
        </SimpleGrid>
      </Fieldset>

      <Fieldset legend={t('agreementForm.remindersGroup')}>
        <Stack>
          <Switch
            label={t('agreementForm.customReminders')}
            description={t('agreementForm.customRemindersHint')}
            error={errors.customReminders?.message}
            {...register('customReminders')}
          />
          {customReminders ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('agreementForm.reminderExpiry')}
                description={t('agreementForm.dayListHint')}
                error={errors.reminderExpiry?.message}
                {...register('reminderExpiry', days(dayList))}
              />
              <TextInput
                label={t('agreementForm.reminderNotice')}
                description={t('agreementForm.dayListHint')}
                error={errors.reminderNotice?.message}
                {...register('reminderNotice', days(dayList))}
              />
              <TextInput
                label={t('agreementForm.reminderMilestone')}
                description={t('agreementForm.dayListHint')}
                error={errors.reminderMilestone?.message}
                {...register('reminderMilestone', days(dayList))}
              />
              <TextInput
                label={t('agreementForm.reminderOverdueEvery')}
                inputMode="numeric"
                error={errors.reminderOverdueEvery?.message}
                {...register('reminderOverdueEvery', days(wholeNumber))}
              />
            </SimpleGrid>
          ) : null}
        </Stack>
      </Fieldset>

      <Fieldset legend={t('agreementForm.moreGroup')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Textarea
            label={t('agreementForm.contacts')}
            description={t('agreementForm.onePerLine')}
            autosize
            minRows={2}
            error={errors.contacts?.message}
            {...register('contacts')}
          />
          <Textarea
            label={t('agreementForm.sourceUrls')}
            description={t('agreementForm.onePerLine')}
            autosize
            minRows={2}
            error={errors.sourceUrls?.message}
            {...register('sourceUrls')}
          />
          <TextInput
            label={t('agreementForm.tags')}
            description={t('agreementForm.tagsHint')}
            error={errors.tags?.message}
            {...register('tags')}
          />
          <span />
          <TextInput
            label={t('agreementForm.amends')}
            description={t('agreementForm.linkHint')}
            error={errors.amendsReference?.message}
            {...register('amendsReference')}
          />
          <TextInput
            label={t('agreementForm.supersedes')}
            description={t('agreementForm.supersedesHint')}
            error={errors.supersedesReference?.message}
            {...register('supersedesReference')}
          />
        </SimpleGrid>
      </Fieldset>
    </Stack>
  );
}
