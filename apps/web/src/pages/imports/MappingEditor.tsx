import { Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiRequestError, unwrap } from '../../api/client';
import type { ImportMapping, ImportRecord } from '../../api/imports';
import { usePreferences } from '../../auth/auth-context';
import { ErrorNotice } from '../../components/ErrorNotice';

const roles = ['agreements', 'milestones'] as const;
type Role = (typeof roles)[number];

/** The guessed mapping, a select per column to confirm or change it, and saved mappings to pick or add. */
export function MappingEditor({
  upload,
  mapping,
  onChange,
}: {
  upload: ImportRecord;
  mapping: ImportMapping;
  onChange: (mapping: ImportMapping) => void;
}) {
  const { t } = useTranslation();
  const { locale } = usePreferences();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const fields = useQuery({
    queryKey: ['import-fields'],
    queryFn: async () => unwrap(await api.GET('/imports/fields')),
    staleTime: Infinity,
  });
  const saved = useQuery({
    queryKey: ['import-mappings'],
    queryFn: async () => unwrap(await api.GET('/import-mappings')),
  });
  const save = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/import-mappings', { body: { name: name.trim(), columns: mapping } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['import-mappings'] }),
  });

  const sheetNames = upload.sheets.map((sheet) => sheet.name);
  const setSheet = (role: Role, sheet: string) => {
    const next = { ...mapping };
    if (sheet) next[role] = { sheet, columns: mapping[role]?.sheet === sheet ? mapping[role].columns : {} };
    else delete next[role];
    onChange(next);
  };
  const setColumn = (role: Role, heading: string, field: string) => {
    const current = mapping[role];
    if (!current) return;
    const columns = { ...current.columns };
    if (field) columns[heading] = field;
    else delete columns[heading];
    onChange({ ...mapping, [role]: { ...current, columns } });
  };
  // A saved mapping keeps only the sheets this file has.
  const pick = (id: string) => {
    const chosen = saved.data?.find((m) => m.id === id);
    if (!chosen) return;
    const next: ImportMapping = {};
    for (const role of roles) {
      const part = chosen.columns[role];
      if (part && sheetNames.includes(part.sheet)) next[role] = part;
    }
    onChange(next);
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="mapping-title">
      <Title order={2} size="h3" id="mapping-title">
        {t('imports.mapping.title')}
      </Title>
      <Text size="sm">{t('imports.mapping.intro')}</Text>
      {fields.isError ? <ErrorNotice error={fields.error} /> : null}
      <Group align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('imports.mapping.saved')}
          value=""
          onChange={(event) => pick(event.currentTarget.value)}
          data={[
            { value: '', label: t('imports.mapping.noneSaved') },
            ...(saved.data ?? []).map((m) => ({ value: m.id, label: m.name })),
          ]}
        />
        <TextInput
          label={t('imports.mapping.saveName')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={save.error instanceof ApiRequestError ? save.error.fieldError('name') : undefined}
        />
        <Button variant="default" disabled={!name.trim()} loading={save.isPending} onClick={() => save.mutate()}>
          {t('imports.mapping.save')}
        </Button>
      </Group>
      {save.isSuccess ? (
        <Text size="sm" role="status">
          {t('imports.mapping.savedOk', { name: save.data.name })}
        </Text>
      ) : null}
      {save.isError && !(save.error instanceof ApiRequestError && save.error.fieldError('name')) ? (
        <ErrorNotice error={save.error} />
      ) : null}

      {roles.map((role) => {
        const part = mapping[role];
        const sheet = upload.sheets.find((s) => s.name === part?.sheet);
        const options = [
          { value: '', label: t('imports.mapping.ignore') },
          ...(fields.data?.[role] ?? []).map((f) => ({ value: f.key, label: locale === 'th' ? f.th : f.en })),
        ];
        return (
          <Stack key={role} gap="xs">
            <NativeSelect
              label={t(`imports.mapping.${role}`)}
              value={part?.sheet ?? ''}
              onChange={(event) => setSheet(role, event.currentTarget.value)}
              data={[{ value: '', label: t('imports.mapping.noSheet') }, ...sheetNames]}
              maw={360}
            />
            {part && sheet ? (
              <div className="table-scroll">
                <Table verticalSpacing={4} maw={720}>
                  <Table.Caption>{t('imports.mapping.caption', { sheet: sheet.name })}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('imports.mapping.heading')}</Table.Th>
                      <Table.Th scope="col">{t('imports.mapping.field')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {sheet.headers.map((heading) => (
                      <Table.Tr key={heading}>
                        <Table.Th scope="row" fw={400}>
                          {heading}
                        </Table.Th>
                        <Table.Td>
                          <NativeSelect
                            aria-label={heading}
                            value={part.columns[heading] ?? ''}
                            onChange={(event) => setColumn(role, heading, event.currentTarget.value)}
                            data={options}
                            size="xs"
                          />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </div>
            ) : null}
          </Stack>
        );
      })}
    </Stack>
  );
}
