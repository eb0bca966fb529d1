import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import th from './locales/th.json';
import enRecord from './locales/en.record.json';
import thRecord from './locales/th.record.json';
import enImport from './locales/en.import.json';
import thImport from './locales/th.import.json';
import enDocuments from './locales/en.documents.json';
import thDocuments from './locales/th.documents.json';

import type { Locale } from './dates';

export type { CalendarKind, Locale } from './dates';
export const locales: readonly Locale[] = ['th', 'en'];

// The record screens' strings (agreement page and form, milestones, lifecycle, history, reminders) and the
// import screen's and the documents panel's live apart.
export const resources = {
  en: { translation: { ...en, ...enRecord, ...enImport, ...enDocuments } },
  th: { translation: { ...th, ...thRecord, ...thImport, ...thDocuments } },
} as const;

/** Thai first: it is the default for a new account and the sign-in page. */
void i18next.use(initReactI18next).init({
  resources,
  lng: 'th',
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

export default i18next;
