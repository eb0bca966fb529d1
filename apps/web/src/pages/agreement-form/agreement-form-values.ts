import type { Agreement } from '../../api/client';
import type { AgreementFormValues } from './form-body';

export * from './form-body';

const list = (values: number[] | undefined) => (values ?? []).join(', ');

export function formOf(a: Agreement): AgreementFormValues {
  const policy = a.reminderPolicy;
  return {
    reference: a.reference,
    titleEn: a.titleEn ?? '',
    titleTh: a.titleTh ?? '',
    kind: a.kind,
    binding: a.binding,
    parties: a.parties.map((p) => ({
      country: p.country,
      organization: p.organization,
      signatory: p.signatory ?? '',
      signatoryTitle: p.signatoryTitle ?? '',
    })),
    leadAgency: a.leadAgency,
    areas: [...a.areas],
    summary: a.summary ?? '',
    status: a.status,
    cabinetApprovedOn: a.cabinetApprovedOn ?? '',
    cabinetResolutionRef: a.cabinetResolutionRef ?? '',
    signedOn: a.signedOn ?? '',
    signedPlace: a.signedPlace ?? '',
    effectiveOn: a.effectiveOn ?? '',
    termValue: String(a.termMonths % 12 === 0 ? a.termMonths / 12 : a.termMonths),
    termUnit: a.termMonths % 12 === 0 ? 'years' : 'months',
    renewal: a.renewal,
    noticeDays: String(a.noticeDays),
    contacts: a.contacts.join('\n'),
    sourceUrls: a.sourceUrls.join('\n'),
    tags: a.tags.join(', '),
    customReminders: policy !== null,
    reminderExpiry: list(policy?.expiry),
    reminderNotice: list(policy?.notice),
    reminderMilestone: list(policy?.milestone),
    reminderOverdueEvery: policy?.overdueEveryDays?.toString() ?? '',
    amendsReference: a.amends?.reference ?? '',
    supersedesReference: a.supersedes?.reference ?? '',
  };
}
