import { Image, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchObjectUrl } from '../../../api/download';
import type { DocumentVersion } from './document-format';

/** The first page as the worker rendered it, fetched with the bearer and shown from a blob: URL. */
export function DocumentPreview({ version }: { version: DocumentVersion }) {
  const { t } = useTranslation();
  const image = useQuery({
    queryKey: ['document-preview', version.previewUrl],
    queryFn: () => fetchObjectUrl(version.previewUrl),
    gcTime: 0,
    retry: false,
  });
  const url = image.data;
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  if (image.isPending) return null;
  if (!url) return <Text size="sm">{t('documents.previewNotReady')}</Text>;
  return (
    <Image
      src={url}
      alt={t('documents.previewAlt', { filename: version.filename })}
      maw={360}
      fit="contain"
      data-testid="document-preview"
    />
  );
}
