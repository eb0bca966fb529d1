import { Button, Table } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../../../api/download';
import { useAuth } from '../../../auth/auth-context';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useFormatInstant } from '../format-instant';
import { type AgreementDocument, useDocumentFormat } from './document-format';

/** Every version of one document, newest first, each downloadable. */
export function DocumentVersions({ document }: { document: AgreementDocument }) {
  const { t } = useTranslation();
  const { preferences } = useAuth();
  const instant = useFormatInstant(preferences);
  const format = useDocumentFormat();
  const [failure, setFailure] = useState<unknown>(null);
  const download = async (url: string, filename: string) => {
    setFailure(null);
    try {
      await downloadFile(url, filename);
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <>
      <Table data-testid="document-versions" verticalSpacing={4}>
        <Table.Caption>{t('documents.versionsCaption', { filename: document.current.filename })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('documents.versionNumber')}</Table.Th>
            <Table.Th scope="col">{t('documents.columns.filename')}</Table.Th>
            <Table.Th scope="col">{t('documents.columns.size')}</Table.Th>
            <Table.Th scope="col">{t('documents.columns.uploaded')}</Table.Th>
            <Table.Th scope="col">{t('documents.columns.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {document.versions.map((v) => (
            <Table.Tr key={v.number}>
              <Table.Td>{v.number}</Table.Td>
              <Table.Td>{v.filename}</Table.Td>
              <Table.Td>{format.size(v.sizeBytes)}</Table.Td>
              <Table.Td>{t('documents.uploadedByAt', { by: v.uploadedBy, at: instant(v.uploadedAt) })}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="default"
                  aria-label={t('documents.downloadVersion', { number: v.number, filename: v.filename })}
                  onClick={() => void download(v.contentUrl, v.filename)}
                >
                  {t('documents.download')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {failure ? <ErrorNotice error={failure} /> : null}
    </>
  );
}
