import { Text, Timeline, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agreement } from '../../api/client';
import { useFormatDate } from '../../auth/auth-context';
import type { AgreementTerm } from './agreement-queries';

/** "5 years" or "18 months": a term as treaty offices state it. */
export function useTermLength(): (months: number) => string {
  const { t } = useTranslation();
  return (months) =>
    months % 12 === 0 ? t('lifecycle.years', { count: months / 12 }) : t('lifecycle.months', { count: months });
}

interface Step {
  key: string;
  title: string;
  body: ReactNode;
  done: boolean;
}

/**
 * The record's life in order: approval, signature, entry into force, every term, the
 * notice deadline and last day of the current term, and how it ended. Each derived date
 * says what it was derived from.
 */
export function LifecycleTimeline({ agreement: a, terms }: { agreement: Agreement; terms: AgreementTerm[] }) {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const termLength = useTermLength();
  const steps: Step[] = [];
  const when = (date: string | null, extra?: string | null) =>
    date ? (extra ? `${fmt(date)} · ${extra}` : fmt(date)) : t('lifecycle.notYet');

  steps.push({
    key: 'approval',
    title: t('lifecycle.cabinetApproval'),
    body: when(
      a.cabinetApprovedOn,
      a.cabinetResolutionRef ? t('lifecycle.resolution', { ref: a.cabinetResolutionRef }) : null,
    ),
    done: a.cabinetApprovedOn !== null,
  });
  steps.push({
    key: 'signature',
    title: t('lifecycle.signature'),
    body: when(a.signedOn, a.signedPlace ? t('lifecycle.place', { place: a.signedPlace }) : null),
    done: a.signedOn !== null,
  });
  steps.push({
    key: 'force',
    title: t('lifecycle.entryIntoForce'),
    body: when(a.effectiveOn),
    done: a.effectiveOn !== null,
  });

  for (const term of terms) {
    steps.push({
      key: `term-${term.seq}`,
      title: t('lifecycle.term', { seq: term.seq, origin: t(`lifecycle.origin.${term.origin}`) }),
      body: t('lifecycle.termSpan', { start: fmt(term.startsOn), end: fmt(term.endsOn) }),
      done: true,
    });
  }

  const termStart = a.termStartsOn ?? a.effectiveOn;
  const firstTerm = !a.termStartsOn || a.termStartsOn === a.effectiveOn;
  if (a.expiresOn && termStart) {
    steps.push({
      key: 'notice',
      title: t('lifecycle.noticeDeadline'),
      body: (
        <>
          <Text fw={600} component="span" data-testid="notice-deadline">
            {fmt(a.noticeDeadline)}
          </Text>
          <Text size="sm" c="dark.4">
            {t('lifecycle.noticeDerived', {
              days: a.noticeDays,
              end: fmt(a.expiresOn),
              deadline: fmt(a.noticeDeadline),
            })}
          </Text>
        </>
      ),
      done: false,
    });
    steps.push({
      key: 'expiry',
      title: t('lifecycle.lastDay'),
      body: (
        <>
          <Text fw={600} component="span" data-testid="last-day">
            {fmt(a.expiresOn)}
          </Text>
          <Text size="sm" c="dark.4">
            {t(firstTerm ? 'lifecycle.expiryDerived' : 'lifecycle.expiryDerivedRenewed', {
              term: termLength(a.termMonths),
              start: fmt(termStart),
              end: fmt(a.expiresOn),
            })}
          </Text>
          <Text size="sm" c="dark.4">
            {t(`lifecycle.renewal.${a.renewal}`)}
          </Text>
        </>
      ),
      done: false,
    });
  } else {
    steps.push({
      key: 'expiry',
      title: t('lifecycle.lastDay'),
      body: t('lifecycle.expiryPending', { term: termLength(a.termMonths) }),
      done: false,
    });
  }

  if (a.terminatesOn || a.status === 'terminated') {
    steps.push({
      key: 'termination',
      title: t('lifecycle.termination'),
      body: a.terminatesOn
        ? t('lifecycle.terminationBody', {
            notice: a.terminationNoticeOn ? fmt(a.terminationNoticeOn) : t('common.none'),
            effective: fmt(a.terminatesOn),
          })
        : t('status.terminated'),
      done: true,
    });
  }
  if (a.supersededBy.length > 0 || a.status === 'superseded') {
    steps.push({
      key: 'supersession',
      title: t('lifecycle.supersession'),
      body: a.supersededBy.length
        ? t('lifecycle.supersededBy', { references: a.supersededBy.map((l) => l.reference).join(', ') })
        : t('status.superseded'),
      done: true,
    });
  }
  if (a.decision) {
    steps.push({
      key: 'decision',
      title: t('lifecycle.decision'),
      body: [t(`lifecycle.decisionKind.${a.decision.decision}`), a.decision.note].filter(Boolean).join(' · '),
      done: true,
    });
  }

  const active = steps.reduce((last, step, index) => (step.done ? index : last), -1);
  return (
    <section aria-labelledby="lifecycle-heading">
      <Title order={2} size="h3" id="lifecycle-heading" mb="sm">
        {t('lifecycle.title')}
      </Title>
      <Timeline
        active={active}
        bulletSize={16}
        lineWidth={2}
        component="ol"
        data-testid="lifecycle"
        style={{ listStyleType: 'none' }}
      >
        {steps.map((step) => (
          <Timeline.Item key={step.key} title={step.title} component="li" data-step={step.key}>
            <Text size="sm" component="div">
              {step.body}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </section>
  );
}
