import { Group, NativeSelect } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/auth-context';
import type { CalendarKind, Locale } from '../i18n';
import { ErrorNotice } from './ErrorNotice';

/** Language and calendar, each on its own: Thai with CE or English with BE are both allowed. */
export function PreferenceSwitches() {
  const { t } = useTranslation();
  const { preferences, updatePreferences } = useAuth();
  const [error, setError] = useState<unknown>(null);

  const change = (value: Partial<typeof preferences>) => {
    setError(null);
    updatePreferences(value).catch(setError);
  };

  return (
    <Group gap="xs" wrap="nowrap">
      <NativeSelect
        size="xs"
        aria-label={t('header.language')}
        value={preferences.locale}
        onChange={(event) => change({ locale: event.currentTarget.value as Locale })}
        data={[
          { value: 'th', label: t('languages.th') },
          { value: 'en', label: t('languages.en') },
        ]}
      />
      <NativeSelect
        size="xs"
        aria-label={t('header.calendar')}
        value={preferences.calendar}
        onChange={(event) => change({ calendar: event.currentTarget.value as CalendarKind })}
        data={[
          { value: 'buddhist', label: t('header.calendarBuddhist') },
          { value: 'gregorian', label: t('header.calendarGregorian') },
        ]}
      />
      {error ? <ErrorNotice error={error} template="header.preferencesFailed" compact /> : null}
    </Group>
  );
}
