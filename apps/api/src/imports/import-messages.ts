import { agreementStatusLabels, labelOf, milestoneStatusLabels } from './import-labels.js';

export const importLocales = ['en', 'th'] as const;
export type ImportLocale = (typeof importLocales)[number];

type Params = Record<string, string | number>;

/** Every problem an import reports, in English and Thai; {name} is replaced by the parameter. */
const messages = {
  required: { en: 'is required', th: 'ต้องระบุ' },
  notADate: {
    en: '{value} is not a date (write YYYY-MM-DD, DD/MM/YYYY with a BE or CE year, or 5 มิถุนายน 2560)',
    th: '{value} ไม่ใช่วันที่ (ใช้รูปแบบ YYYY-MM-DD, DD/MM/YYYY ปี พ.ศ. หรือ ค.ศ. หรือ 5 มิถุนายน 2560)',
  },
  notAnInteger: {
    en: '{value} is not a whole number from {min} to {max}',
    th: '{value} ไม่ใช่จำนวนเต็มระหว่าง {min} ถึง {max}',
  },
  notANumber: { en: '{value} is not a number', th: '{value} ไม่ใช่ตัวเลข' },
  notATerm: {
    en: '{value} is not a term (write months, e.g. 60, "60 months" or "5 years")',
    th: '{value} ไม่ใช่ระยะเวลา (ระบุเป็นเดือน เช่น 60, "60 เดือน" หรือ "5 ปี")',
  },
  notABoolean: { en: '{value} is not yes or no', th: '{value} ไม่ใช่ ใช่ หรือ ไม่ใช่' },
  unknownKind: {
    en: '{value} is not a kind of agreement (one of: {allowed})',
    th: '{value} ไม่ใช่ประเภทความตกลง (ใช้: {allowed})',
  },
  unknownAgreementStatus: {
    en: '{value} is not a status (one of: {allowed})',
    th: '{value} ไม่ใช่สถานะ (ใช้: {allowed})',
  },
  unknownMilestoneStatus: {
    en: '{value} is not a status (one of: {allowed})',
    th: '{value} ไม่ใช่สถานะ (ใช้: {allowed})',
  },
  unknownRenewal: {
    en: '{value} is not a kind of renewal (one of: {allowed})',
    th: '{value} ไม่ใช่รูปแบบการต่ออายุ (ใช้: {allowed})',
  },
  unknownParty: {
    en: '{value} is not a country or organisation (write an ISO code, or its Thai or English name, then ": organisation")',
    th: '{value} ไม่ใช่ประเทศหรือองค์การ (ระบุรหัส ISO หรือชื่อภาษาไทยหรืออังกฤษ ตามด้วย ": หน่วยงาน")',
  },
  tooFewParties: { en: 'names fewer than two parties', th: 'ระบุคู่ภาคีไม่ถึงสองฝ่าย' },
  unknownArea: { en: '{value} is not a cooperation area', th: '{value} ไม่ใช่สาขาความร่วมมือ' },
  notAnEmail: { en: '{value} is not an email address', th: '{value} ไม่ใช่อีเมล' },
  notAUrl: { en: '{value} is not an http(s) link', th: '{value} ไม่ใช่ลิงก์ http(s)' },
  notAReference: {
    en: '{value} is not a reference (2–64 upper-case letters, digits, ".", "/" or "-")',
    th: '{value} ไม่ใช่เลขที่อ้างอิง (อักษรอังกฤษตัวใหญ่ ตัวเลข ".", "/" หรือ "-" 2–64 ตัว)',
  },
  tooLong: { en: 'is longer than {max} characters', th: 'ยาวเกิน {max} ตัวอักษร' },
  cellTooLong: {
    en: 'the cell holds {length} characters; at most {max} are read',
    th: 'ช่องนี้มี {length} ตัวอักษร อ่านได้ไม่เกิน {max}',
  },
  formulaWithoutValue: {
    en: 'the formula {formula} has no saved value; open the file in Excel, save it and upload it again',
    th: 'สูตร {formula} ไม่มีค่าที่บันทึกไว้ ให้เปิดไฟล์ใน Excel บันทึก แล้วอัปโหลดใหม่',
  },
  errorValue: { en: 'the cell holds the error {value}', th: 'ช่องนี้มีค่าผิดพลาด {value}' },
  noTitle: { en: 'an agreement needs a title in English or Thai', th: 'ความตกลงต้องมีชื่อภาษาไทยหรือภาษาอังกฤษ' },
  requiredForStatus: { en: 'is required for an agreement that is {status}', th: 'ต้องระบุสำหรับความตกลงที่มีสถานะ {status}' },
  effectiveBeforeSigned: {
    en: '{value} is before the signature ({signedOn}): an agreement cannot enter into force before it is signed',
    th: '{value} อยู่ก่อนวันลงนาม ({signedOn}) ความตกลงมีผลก่อนลงนามไม่ได้',
  },
  lastDayWithoutStart: {
    en: 'cannot be checked without the entry into force',
    th: 'ตรวจสอบไม่ได้เพราะไม่ได้ระบุวันที่มีผลใช้บังคับ',
  },
  lastDayMismatch: {
    en: '{value} does not match the term: {months} months from {effectiveOn} last until {expected}',
    th: '{value} ไม่ตรงกับระยะเวลา: {months} เดือนนับจาก {effectiveOn} สิ้นสุดวันที่ {expected}',
  },
  lastDayNotWholeMonths: {
    en: '{value} is not the last day of a whole number of months from {effectiveOn}; give the term in months',
    th: '{value} ไม่ใช่วันสุดท้ายของจำนวนเดือนเต็มนับจาก {effectiveOn} ให้ระบุระยะเวลาเป็นเดือน',
  },
  otherAgency: {
    en: 'belongs to {agency}; officers of {own} import only their own agency’s records',
    th: 'เป็นของ {agency} เจ้าหน้าที่ของ {own} นำเข้าได้เฉพาะข้อมูลของหน่วยงานตนเอง',
  },
  duplicateRow: { en: '{value} already appears in row {row}', th: '{value} ซ้ำกับแถวที่ {row}' },
  unknownAgreement: {
    en: '{value} names no agreement in the register or in this file',
    th: '{value} ไม่ตรงกับความตกลงใดในทะเบียนหรือในไฟล์นี้',
  },
  agreementHasProblems: {
    en: 'its agreement {value} (row {row}) has problems',
    th: 'ความตกลง {value} (แถวที่ {row}) มีปัญหา',
  },
  archived: {
    en: '{value} is archived; restore it before importing changes to it',
    th: '{value} ถูกจัดเก็บแล้ว ให้นำกลับมาก่อนนำเข้าการแก้ไข',
  },
  illegalTransition: {
    en: 'an agreement that is {from} cannot become {to}',
    th: 'ความตกลงที่มีสถานะ {from} เปลี่ยนเป็น {to} ไม่ได้',
  },
  completedNotDone: { en: 'can be set only when the status is {done}', th: 'ระบุได้เฉพาะเมื่อสถานะเป็น{done}' },
  referenceTaken: {
    en: '{value} is the reference of another agreement (external id {externalId})',
    th: '{value} เป็นเลขที่อ้างอิงของความตกลงอื่น (รหัสภายนอก {externalId})',
  },
} satisfies Record<string, Record<ImportLocale, string>>;

export type ProblemCode = keyof typeof messages;

/** A problem of one cell (or of the row, when `column` is null), as the dry run stores it. */
export interface StoredProblem {
  field: string | null;
  column: string | null;
  code: ProblemCode;
  params?: Params;
}

/** Parameters that hold a coded value, shown by its label: the report is read by people, not programs. */
const codedParams: Record<string, (value: unknown, locale: ImportLocale) => string> = {
  status: (value, locale) => labelOf(agreementStatusLabels, value, locale),
  from: (value, locale) => labelOf(agreementStatusLabels, value, locale),
  to: (value, locale) => labelOf(agreementStatusLabels, value, locale),
  done: (_value, locale) => labelOf(milestoneStatusLabels, 'done', locale),
};

export function problemText(problem: StoredProblem, locale: ImportLocale): string {
  const template: string = messages[problem.code][locale];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = problem.params?.[name];
    return codedParams[name] ? codedParams[name](value, locale) : String(value ?? '');
  });
}

/** "row 14, Last day: 31/02/2560 is not a date …" — or, in Thai, "แถวที่ 14, วันสิ้นสุด: …". */
export function problemSentence(row: number, problem: StoredProblem, locale: ImportLocale): string {
  const where = locale === 'th' ? `แถวที่ ${row}` : `row ${row}`;
  return problem.column
    ? `${where}, ${problem.column}: ${problemText(problem, locale)}`
    : `${where}: ${problemText(problem, locale)}`;
}

/** The requester's language: ?locale= first, then the first of Accept-Language that we speak. */
export function pickLocale(query: string | undefined, acceptLanguage: string | undefined): ImportLocale {
  if (query === 'th' || query === 'en') return query;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim().toLowerCase();
    if (tag.startsWith('th')) return 'th';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}
