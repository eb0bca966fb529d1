import { TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../auth/auth-context';
import { parseInputText, toInputText } from '../i18n/dates';

/**
 * A calendar date typed as DD/MM/YYYY in the person's calendar (2565 in the Buddhist Era,
 * 2022 in CE); `onChange` gets YYYY-MM-DD for the API, or '' when cleared. A plain text
 * field: keyboard and screen readers work as with any other input.
 */
export function DateInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (iso: string) => void;
}) {
  const { t } = useTranslation();
  const { calendar } = usePreferences();
  const [text, setText] = useState(() => toInputText(value, calendar));
  const [shown, setShown] = useState({ value, calendar });
  const [invalid, setInvalid] = useState(false);
  if (shown.value !== value || shown.calendar !== calendar) {
    setShown({ value, calendar });
    setText(toInputText(value, calendar));
    setInvalid(false);
  }

  const commit = () => {
    if (text.trim() === '') {
      setInvalid(false);
      if (value) onChange('');
      return;
    }
    const iso = parseInputText(text, calendar);
    setInvalid(iso === null);
    if (iso && iso !== value) onChange(iso);
  };

  const era = calendar === 'buddhist' ? t('dateInput.eraBuddhist') : t('dateInput.eraGregorian');
  return (
    <TextInput
      label={label}
      description={t('dateInput.hint', { era })}
      placeholder={calendar === 'buddhist' ? '31/12/2568' : '31/12/2025'}
      inputMode="numeric"
      autoComplete="off"
      value={text}
      error={invalid ? t('dateInput.invalid') : undefined}
      onChange={(event) => setText(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
    />
  );
}
