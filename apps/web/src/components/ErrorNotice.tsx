import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/client';

type Template = 'common.error' | 'header.preferencesFailed' | 'export.failed' | 'signIn.failed';

/** An error in the person's language, with the API's message and request id to quote. */
export function ErrorNotice({
  error,
  template = 'common.error',
  compact = false,
}: {
  error: unknown;
  template?: Template;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const message = error instanceof Error ? error.message : String(error);
  const requestId = error instanceof ApiRequestError ? error.body?.requestId : undefined;
  const text = t(template, { message });
  if (compact) {
    return (
      <Text size="xs" c="red.9" role="alert">
        {text}
      </Text>
    );
  }
  return (
    <Alert color="red" role="alert" variant="light">
      {text}
      {requestId ? <Text size="xs">{requestId}</Text> : null}
    </Alert>
  );
}
