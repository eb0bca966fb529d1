import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../../api/client';

export type AgreementDocument = Schemas['DocumentResponse'];
export type DocumentVersion = Schemas['DocumentVersionResponse'];
export type DocumentType = AgreementDocument['type'];

export const documentTypes: DocumentType[] = [
  'signed-copy',
  'draft',
  'cabinet-resolution',
  'note-verbale',
  'report',
  'other',
];

/** Sizes and language names in the person's language. */
export function useDocumentFormat() {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language === 'th' ? 'th-TH' : 'en-GB', { maximumFractionDigits: 1 });
  const size = (bytes: number) => {
    if (bytes < 1024) return t('documents.size.bytes', { value: number.format(bytes) });
    if (bytes < 1024 * 1024) return t('documents.size.kb', { value: number.format(bytes / 1024) });
    return t('documents.size.mb', { value: number.format(bytes / (1024 * 1024)) });
  };
  const language = (code: string) =>
    code === 'th' || code === 'en' ? t(`documents.languages.${code}`) : t('documents.languages.other', { code });
  return { size, language };
}
