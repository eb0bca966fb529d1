import { describe, expect, it } from '@jest/globals';
import { allowedTransitions as apiTransitions, requiredDates as apiRequiredDates } from '@mou/domain';
import {
  blankForm,
  bodyOf,
  changedFields,
  editedFormFields,
  formFieldOf,
} from '../../apps/web/src/pages/agreement-form/form-body.js';
import {
  allowedTransitions,
  daysBetween,
  officeToday,
  requiredDates,
} from '../../apps/web/src/pages/agreement/lifecycle.js';

const japan = {
  ...blankForm('MDES'),
  titleEn: ' Memorandum of Cooperation on ICT and Digital ',
  kind: 'moc' as const,
  parties: [
    { country: 'TH', organization: 'MDES', signatory: '', signatoryTitle: '' },
    { country: 'JP', organization: 'MIC', signatory: 'Minister', signatoryTitle: '' },
  ],
  areas: ['postal', 'cybersecurity'],
  status: 'in-force' as const,
  cabinetApprovedOn: '2017-05-30',
  signedOn: '2017-06-05',
  effectiveOn: '2017-06-05',
  renewal: 'by-consent' as const,
  contacts: 'intl.coop@mdes.go.th\n\n',
  sourceUrls: 'http://www.thaigov.go.th/news/contents/details/4283',
  tags: 'japan, digital',
};

describe('the agreement form as the API reads it', () => {
  it('sends what the officer meant: five years as 60 months, trimmed text, blanks as null, lists split', () => {
    const body = bodyOf(japan);
    expect(body).toMatchObject({
      titleEn: 'Memorandum of Cooperation on ICT and Digital',
      titleTh: null,
      termMonths: 60,
      noticeDays: 90,
      renewal: 'by-consent',
      cabinetApprovedOn: '2017-05-30',
      areas: ['cybersecurity', 'postal'],
      contacts: ['intl.coop@mdes.go.th'],
      tags: ['japan', 'digital'],
      reminderPolicy: null,
    });
    expect(body.parties?.[1]).toEqual({
      country: 'JP',
      organization: 'MIC',
      signatory: 'Minister',
      signatoryTitle: null,
    });
    expect(bodyOf({ ...japan, termValue: '18', termUnit: 'months' }).termMonths).toBe(18);
  });

  it('sends its own reminder offsets only when asked to, each list as whole days', () => {
    const body = bodyOf({ ...japan, customReminders: true, reminderExpiry: '180, 90,30', reminderOverdueEvery: '7' });
    expect(body.reminderPolicy).toEqual({ expiry: [180, 90, 30], overdueEveryDays: 7 });
  });

  it('an edit sends only the fields that changed', () => {
    const before = bodyOf(japan);
    const after = bodyOf({ ...japan, noticeDays: '60', areas: ['cybersecurity', 'postal'] });
    expect(changedFields(before, after)).toEqual(['noticeDays']);
    expect(editedFormFields(japan, { ...japan, noticeDays: '60' })).toEqual(['noticeDays']);
  });

  it('puts each field the API names next to the input that holds it', () => {
    expect(formFieldOf('termMonths')).toBe('termValue');
    expect(formFieldOf('parties.1.country')).toBe('parties.1.country');
    expect(formFieldOf('reminderPolicy.expiry')).toBe('reminderExpiry');
    expect(formFieldOf('reminderPolicy.overdueEveryDays')).toBe('reminderOverdueEvery');
    expect(formFieldOf('contacts.2')).toBe('contacts');
    expect(formFieldOf('amendsId')).toBe('amendsReference');
  });
});

describe('the console lifecycle', () => {
  it('offers exactly the moves the API allows and asks for exactly the dates it requires', () => {
    expect(allowedTransitions).toEqual(apiTransitions);
    expect(requiredDates).toEqual(apiRequiredDates);
  });

  it('counts days between calendar dates and knows the office day', () => {
    expect(daysBetween('2022-03-06', '2022-06-04')).toBe(90);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    // 23:30 UTC on 31 Dec is already 1 Jan in Bangkok.
    expect(officeToday(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});
