import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Agreement } from '../../api/client';
import { useRecordValue } from '../agreement/record-values';
import { type AgreementFormValues, bodyOf, changedFields, formOf } from './agreement-form-values';

/**
 * Someone saved the record after this form loaded it. Shows each field they changed (their
 * value, and what this form holds), and offers to put this person's own edits on top of the
 * current version, for review before saving again. Nothing is saved from here.
 */
export function ConflictPanel({
  base,
  current,
  mine,
  onApply,
  onDiscard,
}: {
  base: Agreement;
  current: Agreement;
  mine: AgreementFormValues;
  onApply: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  const record = useRecordValue();
  const original = bodyOf(formOf(base));
  const theirs = bodyOf(formOf(current));
  const yours = bodyOf(mine);
  const rows: Array<{ field: string; theirs: unknown; yours: unknown; both: boolean }> = changedFields(
    original,
    theirs,
  ).map((field) => ({
    field,
    theirs: theirs[field],
    yours: yours[field],
    both: JSON.stringify(yours[field] ?? null) !== JSON.stringify(original[field] ?? null),
  }));
  if (current.status !== base.status)
    rows.unshift({ field: 'status', theirs: current.status, yours: base.status, both: false });

  return (
    <Alert color="yellow" role="alert" title={t('agreementForm.conflict.title')} data-testid="conflict">
      <Stack gap="sm">
        <Text size="sm">
          {t('agreementForm.conflict.body', {
            who: current.updatedBy,
            version: current.version,
            read: base.version,
          })}
        </Text>
        {rows.length ? (
          <div className="table-scroll">
            <Table fz="sm" withTableBorder bg="white">
              <Table.Caption c="dark.4">{t('agreementForm.conflict.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('history.field')}</Table.Th>
                  <Table.Th>{t('agreementForm.conflict.theirs')}</Table.Th>
                  <Table.Th>{t('agreementForm.conflict.yours')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.field}>
                    <Table.Td>{record.label(row.field)}</Table.Td>
                    <Table.Td>{record.value(row.field, row.theirs)}</Table.Td>
                    <Table.Td>
                      {record.value(row.field, row.yours)}
                      {row.both ? (
                        <Text size="xs" c="red.9" fw={600}>
                          {t('agreementForm.conflict.bothChanged')}
                        </Text>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        ) : (
          <Text size="sm">{t('agreementForm.conflict.noFieldChanges')}</Text>
        )}
        <Group>
          <Button onClick={onApply}>{t('agreementForm.conflict.apply')}</Button>
          <Button variant="default" onClick={onDiscard}>
            {t('agreementForm.conflict.discard')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
