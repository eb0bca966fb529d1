import { Anchor, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../../paths';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Text component="h1" fw={700} size="xl">
        {t('app.notFound')}
      </Text>
      <Anchor component={Link} to={paths.register}>
        {t('app.backToRegister')}
      </Anchor>
    </Stack>
  );
}
