import { Button, Group, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadReport, type ReportFormat } from '../api/download';
import { usePreferences } from '../auth/auth-context';
import { ErrorNotice } from './ErrorNotice';

const formats: ReportFormat[] = ['csv', 'xlsx', 'pdf'];

/** "Export what you see": the list's current filters and search, in the person's language and calendar. */
export function ExportButtons({ report, filters }: { report: string; filters: Record<string, string | undefined> }) {
  const { t } = useTranslation();
  const { locale, calendar } = usePreferences();
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const [error, setError] = useState<unknown>(null);
  const labelId = useId();

  const run = async (format: ReportFormat) => {
    setBusy(format);
    setError(null);
    try {
      await downloadReport(report, { ...filters, format, locale, calendar });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div>
      <Group gap="xs" role="group" aria-labelledby={labelId}>
        <Text id={labelId} size="sm" fw={600}>
          {t('export.label')}
        </Text>
        {formats.map((format) => (
          <Button
            key={format}
            size="xs"
            variant="default"
            loading={busy === format}
            disabled={busy !== null && busy !== format}
            onClick={() => void run(format)}
          >
            {t(`export.${format}`)}
          </Button>
        ))}
      </Group>
      {error ? <ErrorNotice error={error} template="export.failed" compact /> : null}
    </div>
  );
}
