import { Anchor, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useCountries } from '../../api/reference-data';
import { useFormatDate } from '../../auth/auth-context';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { StatusBadge } from '../../components/StatusBadge';
import { paths } from '../../paths';

/** Placeholder for the agreement page (part of the next piece of work): the record's key facts. */
export default function AgreementPage() {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const countries = useCountries();
  const { id = '' } = useParams();
  const agreement = useQuery({
    queryKey: ['agreement', id],
    queryFn: async () => unwrap(await api.GET('/agreements/{id}', { params: { path: { id } } })),
  });

  if (agreement.isPending) return <PageLoader />;
  if (agreement.isError) return <ErrorNotice error={agreement.error} />;
  const a = agreement.data;
  const facts: Array<[string, string]> = [
    [t('register.columns.kind'), t(`kind.${a.kind}`)],
    [t('register.columns.parties'), a.parties.map((p) => countries.name(p.country)).join(', ')],
    [t('register.columns.leadAgency'), a.leadAgency],
    [t('register.columns.expiresOn'), fmt(a.expiresOn) || t('common.none')],
    [t('register.columns.noticeDeadline'), fmt(a.noticeDeadline) || t('common.none')],
  ];
  return (
    <Stack>
      <Group>
        <Title order={1} size="h2">
          {t('agreement.title', { reference: a.reference })}
        </Title>
        <StatusBadge status={a.status} />
      </Group>
      {a.titleTh ? (
        <Text lang="th" fw={600}>
          {a.titleTh}
        </Text>
      ) : null}
      {a.titleEn ? (
        <Text lang="en" fw={600}>
          {a.titleEn}
        </Text>
      ) : null}
      <Text c="dark.4">{t('agreement.placeholder')}</Text>
      <Table maw={640} withRowBorders>
        <Table.Tbody>
          {facts.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th scope="row">{label}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Anchor component={Link} to={paths.register}>
        {t('app.backToRegister')}
      </Anchor>
    </Stack>
  );
}
