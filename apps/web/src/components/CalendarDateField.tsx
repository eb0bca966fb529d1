import { TextInput } from '@mantine/core';
import { type Ref, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../auth/auth-context';
import { parseInputText, toInputText } from '../i18n/dates';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** For react-hook-form rules: '' (empty) or a real YYYY-MM-DD; anything else is text that is no date. */
export function isCalendarDateValue(value: string | undefined | null): boolean {
  return !value || isoDate.test(value);
}

/**
 * A form's date, typed DD/MM/YYYY in the person's calendar (2565 in the Buddhist Era, 2022
 * in CE). The form holds YYYY-MM-DD, '' when empty, or the typed text while it is no real
 * date (so a rule can refuse it and nothing is sent). A plain text input: it works with the
 * keyboard alone and with screen readers.
 */
export function CalendarDateField({
  label,
  value,
  onChange,
  onBlur,
  error,
  required,
  name,
  inputRef,
  description,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error?: string;
  required?: boolean;
  name?: string;
  inputRef?: Ref<HTMLInputElement>;
  description?: string;
}) {
  const { t } = useTranslation();
  const { calendar } = usePreferences();
  const shownFor = (v: string) => (isoDate.test(v) ? toInputText(v, calendar) : v);
  const [text, setText] = useState(() => shownFor(value));
  const [synced, setSynced] = useState({ value, calendar });
  if (synced.value !== value || synced.calendar !== calendar) {
    // Changed from outside (a reset, another calendar): show it anew unless it is what was typed.
    setSynced({ value, calendar });
    const parsed = text.trim() === '' ? '' : (parseInputText(text, calendar) ?? text);
    if (parsed !== value || synced.calendar !== calendar) setText(shownFor(value));
  }

  const era = calendar === 'buddhist' ? t('dateInput.eraBuddhist') : t('dateInput.eraGregorian');
  return (
    <TextInput
      label={label}
      name={name}
      ref={inputRef}
      required={required}
      description={description ?? t('dateInput.hint', { era })}
      placeholder={calendar === 'buddhist' ? '31/12/2568' : '31/12/2025'}
      inputMode="numeric"
      autoComplete="off"
      value={text}
      error={error}
      onBlur={onBlur}
      onChange={(event) => {
        const typed = event.currentTarget.value;
        setText(typed);
        const next = typed.trim() === '' ? '' : (parseInputText(typed, calendar) ?? typed);
        setSynced({ value: next, calendar });
        onChange(next);
      }}
    />
  );
}
