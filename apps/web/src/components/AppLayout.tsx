import { AppShell, Burger, Button, Group, Menu, NavLink as MantineNavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { can } from '../auth/permissions';
import { mayRecordAgreements } from '../auth/record-access';
import { paths } from '../paths';
import { PreferenceSwitches } from './PreferenceSwitches';

const navigation = [
  { to: paths.register, label: 'nav.register' },
  { to: paths.deadlines, label: 'nav.deadlines' },
  { to: paths.milestones, label: 'nav.milestones' },
  { to: paths.imports, label: 'imports.nav', show: can.import },
] as const;

/** The signed-in frame: header with navigation, language and calendar, and the account menu. */
export function AppLayout() {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const [opened, { toggle, close }] = useDisclosure();

  // Until a required password change is done, the API opens nothing else: offer nothing else.
  const links = (user?.mustChangePassword ? [] : navigation)
    .filter((item) => !('show' in item) || item.show(user))
    .map((item) => (
      <MantineNavLink
        key={item.to}
        component={NavLink}
        to={item.to}
        label={t(item.label)}
        onClick={close}
        style={{ width: 'auto' }}
      />
    ));

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: 'md', collapsed: { desktop: true, mobile: !opened } }}
      padding="md"
    >
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={t('nav.label')} />
            <Text fw={700} component="p">
              {t('app.name')}
            </Text>
            <Group component="nav" aria-label={t('nav.label')} gap={4} visibleFrom="md" wrap="nowrap">
              {links}
            </Group>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {mayRecordAgreements(user) ? (
              <Button component={Link} to={paths.agreementNew} size="xs" visibleFrom="sm">
                {t('agreementForm.newButton')}
              </Button>
            ) : null}
            <PreferenceSwitches />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t('header.userMenu', { name: user?.displayName ?? '' })}>
                  <Text size="sm" fw={600}>
                    {user?.displayName}
                  </Text>
                  <Text size="xs" c="dark.4">
                    {user ? `${t(`roles.${user.role}`)} · ${user.agency}` : ''}
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => navigate(paths.changePassword)}>{t('header.changePassword')}</Menu.Item>
                <Menu.Item onClick={() => void signOut()}>{t('header.signOut')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      {opened ? (
        <AppShell.Navbar p="md" component="nav" aria-label={t('nav.label')}>
          {links}
        </AppShell.Navbar>
      ) : null}
      <AppShell.Main id="main">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
