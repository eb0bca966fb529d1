import { Anchor, Badge, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Agreement } from '../../api/client';
import { useAreaNames, useCountryNames } from '../../api/record-options';
import { paths } from '../../paths';

function Block({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb={6}>
        {title}
      </Title>
      {children}
    </section>
  );
}

/** Parties and signatories, areas, contacts, sources, tags, and the agreements it is linked to. */
export function AgreementFacts({ agreement: a }: { agreement: Agreement }) {
  const { t } = useTranslation();
  const countries = useCountryNames();
  const areas = useAreaNames();
  const none = <Text c="dark.4">{t('common.none')}</Text>;
  const link = (l: { id: string; reference: string }) => (
    <Anchor key={l.id} component={Link} to={paths.agreement(l.id)}>
      {l.reference}
    </Anchor>
  );
  const links: Array<[string, Array<{ id: string; reference: string }>]> = [
    [t('agreement.amends'), a.amends ? [a.amends] : []],
    [t('agreement.supersedes'), a.supersedes ? [a.supersedes] : []],
    [t('agreement.amendedBy'), a.amendedBy],
    [t('agreement.supersededBy'), a.supersededBy],
  ];

  return (
    <Stack gap="lg">
      <Block id="parties-heading" title={t('agreement.parties', { count: a.parties.length })}>
        <div className="table-scroll">
          <Table data-testid="parties">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('agreement.party')}</Table.Th>
                <Table.Th>{t('agreement.organization')}</Table.Th>
                <Table.Th>{t('agreement.signatory')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {a.parties.map((p, index) => (
                <Table.Tr key={`${p.country}-${index}`}>
                  <Table.Td>{countries.name(p.country)}</Table.Td>
                  <Table.Td>{p.organization}</Table.Td>
                  <Table.Td>{[p.signatory, p.signatoryTitle].filter(Boolean).join(', ') || t('common.none')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
        <Text size="sm" mt={4}>
          {t('agreement.leadAgency')}: {a.leadAgency} · {t(`kind.${a.kind}`)} ·{' '}
          {a.binding ? t('agreement.binding') : t('agreement.nonBinding')}
        </Text>
      </Block>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Block id="areas-heading" title={t('agreement.areas')}>
          {a.areas.length ? (
            <List size="sm" data-testid="areas">
              {a.areas.map((code) => (
                <List.Item key={code}>{areas.name(code)}</List.Item>
              ))}
            </List>
          ) : (
            none
          )}
        </Block>
        <Block id="contacts-heading" title={t('agreement.contacts')}>
          {a.contacts.length ? (
            <List size="sm">
              {a.contacts.map((email) => (
                <List.Item key={email}>
                  <Anchor href={`mailto:${email}`}>{email}</Anchor>
                </List.Item>
              ))}
            </List>
          ) : (
            none
          )}
        </Block>
        <Block id="sources-heading" title={t('agreement.sources')}>
          {a.sourceUrls.length ? (
            <List size="sm">
              {a.sourceUrls.map((url) => (
                <List.Item key={url} style={{ wordBreak: 'break-all' }}>
                  <Anchor href={url} target="_blank" rel="noreferrer noopener">
                    {url}
                  </Anchor>
                </List.Item>
              ))}
            </List>
          ) : (
            none
          )}
        </Block>
        <Block id="tags-heading" title={t('agreement.tags')}>
          {a.tags.length ? (
            <Group gap={6}>
              {a.tags.map((tag) => (
                <Badge key={tag} variant="outline" color="dark" tt="none">
                  {tag}
                </Badge>
              ))}
            </Group>
          ) : (
            none
          )}
        </Block>
      </SimpleGrid>
      <Block id="links-heading" title={t('agreement.links')}>
        <Stack gap={4}>
          {links.map(([label, items]) => (
            <Text size="sm" key={label}>
              {label}:{' '}
              {items.length
                ? items.map((l, i) => (
                    <span key={l.id}>
                      {i > 0 ? ', ' : null}
                      {link(l)}
                    </span>
                  ))
                : t('common.none')}
            </Text>
          ))}
        </Stack>
      </Block>
      {a.summary ? (
        <Block id="summary-heading" title={t('agreement.summary')}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {a.summary}
          </Text>
        </Block>
      ) : null}
    </Stack>
  );
}
