/**
 * The agreement form's values and the API body made from them. Self-contained (no imports)
 * so test/web can check it as is; formOf, which reads an API record, is in agreement-form-values.
 */
export type AgreementStatus =
  | 'draft'
  | 'negotiating'
  | 'awaiting-approval'
  | 'approved'
  | 'signed'
  | 'in-force'
  | 'expired'
  | 'terminated'
  | 'superseded';
export type AgreementKind =
  'mou' | 'moc' | 'agreement' | 'letter-of-intent' | 'exchange-of-notes' | 'protocol' | 'amendment' | 'other';
export type RenewalMode = 'none' | 'automatic' | 'by-consent';

/** The fields of POST and PATCH /agreements the form writes (links and version are added apart). */
export interface AgreementFields {
  reference?: string;
  titleEn: string | null;
  titleTh: string | null;
  kind: AgreementKind;
  binding: boolean;
  parties: Array<{ country: string; organization: string; signatory: string | null; signatoryTitle: string | null }>;
  leadAgency: string;
  areas: string[];
  summary: string | null;
  cabinetApprovedOn: string | null;
  cabinetResolutionRef: string | null;
  signedOn: string | null;
  signedPlace: string | null;
  effectiveOn: string | null;
  termMonths: number;
  renewal: RenewalMode;
  noticeDays: number;
  contacts: string[];
  sourceUrls: string[];
  tags: string[];
  reminderPolicy: { expiry?: number[]; notice?: number[]; milestone?: number[]; overdueEveryDays?: number } | null;
}

export interface PartyValues {
  country: string;
  organization: string;
  signatory: string;
  signatoryTitle: string;
}

/** What the form holds: text as typed; converted to the API's body only on submit. */
export interface AgreementFormValues {
  reference: string;
  titleEn: string;
  titleTh: string;
  kind: AgreementKind;
  binding: boolean;
  parties: PartyValues[];
  leadAgency: string;
  areas: string[];
  summary: string;
  status: AgreementStatus;
  cabinetApprovedOn: string;
  cabinetResolutionRef: string;
  signedOn: string;
  signedPlace: string;
  effectiveOn: string;
  termValue: string;
  termUnit: 'years' | 'months';
  renewal: RenewalMode;
  noticeDays: string;
  contacts: string;
  sourceUrls: string;
  tags: string;
  customReminders: boolean;
  reminderExpiry: string;
  reminderNotice: string;
  reminderMilestone: string;
  reminderOverdueEvery: string;
  amendsReference: string;
  supersedesReference: string;
}

export const emptyParty: PartyValues = { country: '', organization: '', signatory: '', signatoryTitle: '' };

export function blankForm(leadAgency: string): AgreementFormValues {
  return {
    reference: '',
    titleEn: '',
    titleTh: '',
    kind: 'mou',
    binding: false,
    parties: [{ ...emptyParty, country: 'TH', organization: leadAgency }, { ...emptyParty }],
    leadAgency,
    areas: [],
    summary: '',
    status: 'draft',
    cabinetApprovedOn: '',
    cabinetResolutionRef: '',
    signedOn: '',
    signedPlace: '',
    effectiveOn: '',
    termValue: '5',
    termUnit: 'years',
    renewal: 'none',
    noticeDays: '90',
    contacts: '',
    sourceUrls: '',
    tags: '',
    customReminders: false,
    reminderExpiry: '',
    reminderNotice: '',
    reminderMilestone: '',
    reminderOverdueEvery: '',
    amendsReference: '',
    supersedesReference: '',
  };
}

const text = (value: string) => (value.trim() === '' ? null : value.trim());
const lines = (value: string) =>
  value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
/** "180, 90, 30" → [180, 90, 30]; a word that is no whole number stays a NaN for the API to name. */
const days = (value: string) => lines(value).map((s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN));
const integer = (value: string) => (/^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN);

/**
 * The API's fields for what the form holds (links to other agreements are resolved from
 * their references separately). Numbers the person typed wrong are caught by the form's
 * rules before this runs.
 */
export function bodyOf(form: AgreementFormValues): AgreementFields {
  const term = integer(form.termValue);
  return {
    reference: text(form.reference) ?? undefined,
    titleEn: text(form.titleEn),
    titleTh: text(form.titleTh),
    kind: form.kind,
    binding: form.binding,
    parties: form.parties.map((p) => ({
      country: p.country,
      organization: p.organization.trim(),
      signatory: text(p.signatory),
      signatoryTitle: text(p.signatoryTitle),
    })),
    leadAgency: form.leadAgency.trim(),
    areas: [...form.areas].sort(),
    summary: text(form.summary),
    cabinetApprovedOn: form.cabinetApprovedOn || null,
    cabinetResolutionRef: text(form.cabinetResolutionRef),
    signedOn: form.signedOn || null,
    signedPlace: text(form.signedPlace),
    effectiveOn: form.effectiveOn || null,
    termMonths: form.termUnit === 'years' ? term * 12 : term,
    renewal: form.renewal,
    noticeDays: integer(form.noticeDays),
    contacts: lines(form.contacts),
    sourceUrls: lines(form.sourceUrls),
    tags: lines(form.tags),
    reminderPolicy: form.customReminders
      ? {
          ...(form.reminderExpiry.trim() ? { expiry: days(form.reminderExpiry) } : {}),
          ...(form.reminderNotice.trim() ? { notice: days(form.reminderNotice) } : {}),
          ...(form.reminderMilestone.trim() ? { milestone: days(form.reminderMilestone) } : {}),
          ...(form.reminderOverdueEvery.trim() ? { overdueEveryDays: integer(form.reminderOverdueEvery) } : {}),
        }
      : null,
  };
}

type Body = AgreementFields;

/** The API fields whose value differs between two bodies (compared as JSON). */
export function changedFields(from: Body, to: Body): Array<keyof Body> {
  const keys = new Set([...Object.keys(from), ...Object.keys(to)] as Array<keyof Body>);
  return [...keys].filter((key) => JSON.stringify(from[key] ?? null) !== JSON.stringify(to[key] ?? null));
}

/** The form fields that hold each API field, to put an API error next to the input it names. */
export function formFieldOf(apiField: string): string {
  const [head, ...rest] = apiField.split('.');
  if (head === 'termMonths') return 'termValue';
  if (head === 'amendsId') return 'amendsReference';
  if (head === 'supersedesId') return 'supersedesReference';
  if (head === 'reminderPolicy') {
    const part = rest[0];
    return part === 'expiry'
      ? 'reminderExpiry'
      : part === 'notice'
        ? 'reminderNotice'
        : part === 'milestone'
          ? 'reminderMilestone'
          : part === 'overdueEveryDays'
            ? 'reminderOverdueEvery'
            : 'customReminders';
  }
  if (head === 'contacts' || head === 'sourceUrls' || head === 'tags' || head === 'areas') return head;
  return apiField;
}

/** Form fields the person changed from what they loaded (for "apply my edit to the current version"). */
export function editedFormFields(
  base: AgreementFormValues,
  now: AgreementFormValues,
): Array<keyof AgreementFormValues> {
  return (Object.keys(now) as Array<keyof AgreementFormValues>).filter(
    (key) => JSON.stringify(base[key]) !== JSON.stringify(now[key]),
  );
}
