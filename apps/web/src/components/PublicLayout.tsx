import { Container, Group, Title } from '@mantine/core';
import { Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PreferenceSwitches } from './PreferenceSwitches';

/** Pages before sign-in: the product's name and the language switch. */
export function PublicLayout() {
  const { t } = useTranslation();
  return (
    <>
      <header>
        <Group justify="space-between" p="md">
          <Title order={2} size="h4" component="p">
            {t('app.name')}
          </Title>
          <PreferenceSwitches />
        </Group>
      </header>
      <Container size="xs" component="main" py="xl">
        <Outlet />
      </Container>
    </>
  );
}
