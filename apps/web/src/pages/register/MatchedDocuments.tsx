import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';

/** With a search, the documents whose text matched (the record itself did not): file name and the words around the match. */
export function MatchedDocuments({ documents }: { documents?: Array<Schemas['MatchedDocument']> }) {
  const { t } = useTranslation();
  if (!documents?.length) return null;
  return (
    <List
      size="xs"
      mt={4}
      listStyleType="none"
      aria-label={t('documents.matchedLabel')}
      data-testid="matched-documents"
    >
      {documents.map((d) => (
        <List.Item key={d.id}>
          <Text size="xs" fw={600} span>
            {t('documents.matched', { filename: d.filename })}
          </Text>
          <Text size="xs" c="dark.5" lang={d.language}>
            “{d.snippet}”
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
