import 'i18next';
import type en from './locales/en.json';
import type enDocuments from './locales/en.documents.json';
import type enRecord from './locales/en.record.json';
import type enImport from './locales/en.import.json';

// t('some.key') is checked against the English resources at compile time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: {
      translation: Omit<typeof en, keyof typeof enRecord | keyof typeof enImport | keyof typeof enDocuments> &
        typeof enRecord &
        typeof enImport &
        typeof enDocuments;
    };
  }
}
