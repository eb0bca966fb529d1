import { Button, Fieldset, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { type Control, Controller, type FieldErrors, useFieldArray, type UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useCountryNames } from '../../api/record-options';
import { type AgreementFormValues, emptyParty } from './agreement-form-values';

/**
 * Two or more parties: each a country or organisation (searchable by its English or Thai
 * name or code), the agency that signs for it and its signatory.
 */
export function PartiesFieldset({
  control,
  register,
  errors,
  groupError,
}: {
  control: Control<AgreementFormValues>;
  register: UseFormRegister<AgreementFormValues>;
  errors: FieldErrors<AgreementFormValues>;
  groupError?: string;
}) {
  const { t } = useTranslation();
  const countries = useCountryNames();
  const { fields, append, remove } = useFieldArray({ control, name: 'parties' });

  return (
    <Fieldset legend={t('agreementForm.parties')} data-testid="parties-fieldset">
      <Stack>
        <Text size="sm" c="dark.4">
          {t('agreementForm.partiesHint')}
        </Text>
        {groupError ? (
          <Text size="sm" c="red.9" role="alert">
            {groupError}
          </Text>
        ) : null}
        {fields.map((field, index) => {
          const own = errors.parties?.[index];
          const n = index + 1;
          return (
            <Fieldset
              key={field.id}
              legend={t('agreementForm.partyN', { n })}
              variant="filled"
              data-testid={`party-${index}`}
            >
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Controller
                  control={control}
                  name={`parties.${index}.country`}
                  rules={{ required: t('signIn.required') }}
                  render={({ field: f }) => (
                    <Select
                      label={t('agreementForm.partyCountry')}
                      required
                      searchable
                      selectFirstOptionOnChange
                      autoSelectOnBlur
                      nothingFoundMessage={t('agreementForm.noCountry')}
                      data={countries.bilingualOptions}
                      value={f.value || null}
                      onChange={(v) => f.onChange(v ?? '')}
                      onBlur={f.onBlur}
                      ref={f.ref}
                      error={own?.country?.message}
                      limit={50}
                      comboboxProps={{ withinPortal: true }}
                    />
                  )}
                />
                <TextInput
                  label={t('agreementForm.partyOrganization')}
                  required
                  error={own?.organization?.message}
                  {...register(`parties.${index}.organization`, {
                    validate: (v) => v.trim() !== '' || t('signIn.required'),
                  })}
                />
                <TextInput
                  label={t('agreementForm.partySignatory')}
                  error={own?.signatory?.message}
                  {...register(`parties.${index}.signatory`)}
                />
                <TextInput
                  label={t('agreementForm.partySignatoryTitle')}
                  error={own?.signatoryTitle?.message}
                  {...register(`parties.${index}.signatoryTitle`)}
                />
              </SimpleGrid>
              {fields.length > 2 ? (
                <Group justify="flex-end" mt="xs">
                  <Button variant="subtle" color="red" size="xs" onClick={() => remove(index)}>
                    {t('agreementForm.removeParty', { n })}
                  </Button>
                </Group>
              ) : null}
            </Fieldset>
          );
        })}
        <Group>
          <Button variant="default" onClick={() => append({ ...emptyParty })}>
            {t('agreementForm.addParty')}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}
