import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Days until a date; late ones say so in words and colour, not colour alone. */
export function DaysLeft({ days }: { days: number | null | undefined }) {
  const { t } = useTranslation();
  if (days === null || days === undefined) return <>{t('common.none')}</>;
  if (days < 0) {
    return (
      <Badge color="red.9" variant="filled" radius="sm">
        {t('common.overdueDays', { count: -days })}
      </Badge>
    );
  }
  if (days === 0) return <Text fw={700}>{t('common.today')}</Text>;
  return (
    <Text size="sm" fw={days <= 30 ? 700 : 400}>
      {t('common.daysLeftValue', { count: days })}
    </Text>
  );
}

/** Whole days from the office's today (or the browser's) to a YYYY-MM-DD date. */
export function daysUntil(iso: string | null | undefined, today: string = localToday()): number | null {
  if (!iso) return null;
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
