import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Keyset pages: how many are shown of how many match, and the next page on demand. */
export function ListFooter({
  shown,
  total,
  hasMore,
  loading,
  onMore,
}: {
  shown: number;
  total: number;
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" role="status">
        {t('common.showing', { shown, total })}
      </Text>
      {hasMore ? (
        <Button variant="default" size="sm" loading={loading} onClick={onMore}>
          {t('common.loadMore')}
        </Button>
      ) : null}
    </Group>
  );
}
