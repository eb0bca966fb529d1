/** What a sheet holds: agreements, or milestones under them. */
export const sheetRoles = ['agreements', 'milestones'] as const;
export type SheetRole = (typeof sheetRoles)[number];

export type FieldKind =
  | 'text'
  | 'reference'
  | 'date'
  | 'int'
  | 'number'
  | 'bool'
  | 'kind'
  | 'agreement-status'
  | 'milestone-status'
  | 'renewal'
  | 'parties'
  | 'areas'
  | 'area'
  | 'list'
  | 'emails'
  | 'urls'
  | 'term';

export interface ImportField {
  key: string;
  kind: FieldKind;
  en: string;
  th: string;
  /** Other headings offices use for it, in either language (matched case- and space-blind). */
  synonyms: string[];
  /** Longest text the record takes. */
  maxLength?: number;
}

/**
 * The columns an agreements sheet may carry. `en`/`th` are the template's headings;
 * mapping guesses match a heading against them and the synonyms.
 */
export const agreementFields: readonly ImportField[] = [
  {
    key: 'reference',
    kind: 'reference',
    en: 'Reference',
    th: 'เลขที่อ้างอิง',
    synonyms: ['ref', 'ref.', 'reference no', 'reference number', 'เลขที่', 'รหัส', 'เลขอ้างอิง'],
  },
  {
    key: 'externalId',
    kind: 'text',
    en: 'External ID',
    th: 'รหัสภายนอก',
    synonyms: ['external id', 'id', 'row id', 'legacy id', 'รหัสเดิม', 'ลำดับที่'],
    maxLength: 200,
  },
  {
    key: 'titleEn',
    kind: 'text',
    en: 'Title (English)',
    th: 'ชื่อ (ภาษาอังกฤษ)',
    synonyms: ['title', 'english title', 'title en', 'name', 'name (english)', 'ชื่อภาษาอังกฤษ', 'ชื่อความตกลง (อังกฤษ)'],
    maxLength: 500,
  },
  {
    key: 'titleTh',
    kind: 'text',
    en: 'Title (Thai)',
    th: 'ชื่อ (ภาษาไทย)',
    synonyms: ['thai title', 'title th', 'ชื่อ', 'ชื่อภาษาไทย', 'ชื่อเรื่อง', 'ชื่อความตกลง', 'ชื่อบันทึกความเข้าใจ'],
    maxLength: 500,
  },
  {
    key: 'kind',
    kind: 'kind',
    en: 'Kind',
    th: 'ประเภท',
    synonyms: ['type', 'instrument', 'document type', 'ประเภทเอกสาร', 'ประเภทความตกลง'],
  },
  { key: 'status', kind: 'agreement-status', en: 'Status', th: 'สถานะ', synonyms: ['stage', 'state', 'สถานะปัจจุบัน'] },
  { key: 'binding', kind: 'bool', en: 'Binding', th: 'มีผลผูกพัน', synonyms: ['legally binding', 'ผูกพันทางกฎหมาย'] },
  {
    key: 'parties',
    kind: 'parties',
    en: 'Parties',
    th: 'คู่ภาคี',
    synonyms: [
      'party',
      'countries',
      'country',
      'counterpart',
      'partner',
      'partners',
      'ประเทศ',
      'ประเทศคู่ภาคี',
      'ภาคี',
      'หน่วยงานคู่ความร่วมมือ',
    ],
  },
  {
    key: 'leadAgency',
    kind: 'text',
    en: 'Lead agency',
    th: 'หน่วยงานหลัก',
    synonyms: ['agency', 'owner', 'responsible agency', 'หน่วยงาน', 'หน่วยงานรับผิดชอบ'],
    maxLength: 300,
  },
  {
    key: 'areas',
    kind: 'areas',
    en: 'Cooperation areas',
    th: 'สาขาความร่วมมือ',
    synonyms: ['areas', 'area', 'sector', 'sectors', 'fields of cooperation', 'ด้านความร่วมมือ', 'สาขา'],
  },
  {
    key: 'summary',
    kind: 'text',
    en: 'Summary',
    th: 'สาระสำคัญ',
    synonyms: ['description', 'notes', 'remarks', 'รายละเอียด', 'หมายเหตุ', 'สรุป'],
    maxLength: 20000,
  },
  {
    key: 'cabinetApprovedOn',
    kind: 'date',
    en: 'Cabinet approval',
    th: 'วันที่ ครม. อนุมัติ',
    synonyms: ['cabinet approved', 'cabinet approval date', 'approved on', 'ครม. อนุมัติ', 'มติ ครม.', 'วันที่ครม.อนุมัติ'],
  },
  {
    key: 'cabinetResolutionRef',
    kind: 'text',
    en: 'Cabinet resolution',
    th: 'เลขที่มติ ครม.',
    synonyms: ['cabinet resolution ref', 'resolution', 'มติคณะรัฐมนตรี'],
    maxLength: 200,
  },
  {
    key: 'signedOn',
    kind: 'date',
    en: 'Signed on',
    th: 'วันที่ลงนาม',
    synonyms: ['signed', 'signature', 'signature date', 'date of signature', 'ลงนาม', 'วันลงนาม'],
  },
  {
    key: 'signedPlace',
    kind: 'text',
    en: 'Place of signature',
    th: 'สถานที่ลงนาม',
    synonyms: ['signed at', 'place', 'signed place'],
    maxLength: 300,
  },
  {
    key: 'effectiveOn',
    kind: 'date',
    en: 'Entry into force',
    th: 'วันที่มีผลใช้บังคับ',
    synonyms: [
      'effective',
      'effective on',
      'effective date',
      'in force from',
      'start date',
      'วันที่มีผล',
      'วันเริ่มต้น',
      'มีผลบังคับใช้',
    ],
  },
  {
    key: 'termMonths',
    kind: 'term',
    en: 'Term (months)',
    th: 'ระยะเวลา (เดือน)',
    synonyms: ['term', 'duration', 'duration (months)', 'months', 'ระยะเวลา', 'อายุความตกลง'],
  },
  {
    key: 'lastDay',
    kind: 'date',
    en: 'Last day',
    th: 'วันสิ้นสุด',
    synonyms: [
      'expiry',
      'expires',
      'expires on',
      'expiry date',
      'end date',
      'last day in force',
      'วันหมดอายุ',
      'สิ้นสุด',
      'วันสิ้นสุดความตกลง',
    ],
  },
  {
    key: 'renewal',
    kind: 'renewal',
    en: 'Renewal',
    th: 'การต่ออายุ',
    synonyms: ['renewal kind', 'renewal mode', 'renewal type', 'ต่ออายุ'],
  },
  {
    key: 'noticeDays',
    kind: 'int',
    en: 'Notice (days)',
    th: 'แจ้งล่วงหน้า (วัน)',
    synonyms: ['notice', 'notice period', 'notice days', 'notice period (days)', 'ระยะเวลาแจ้งล่วงหน้า'],
  },
  {
    key: 'contacts',
    kind: 'emails',
    en: 'Contacts',
    th: 'ผู้ติดต่อ',
    synonyms: ['contact', 'email', 'emails', 'อีเมล', 'อีเมลผู้ติดต่อ'],
  },
  {
    key: 'sourceUrls',
    kind: 'urls',
    en: 'Sources',
    th: 'แหล่งที่มา',
    synonyms: ['source', 'source url', 'links', 'url', 'ลิงก์'],
  },
  { key: 'tags', kind: 'list', en: 'Tags', th: 'คำสำคัญ', synonyms: ['tag', 'keywords', 'แท็ก'] },
];

/** The columns a milestones sheet may carry; `agreement` names its agreement by reference or external id. */
export const milestoneFields: readonly ImportField[] = [
  {
    key: 'agreement',
    kind: 'text',
    en: 'Agreement',
    th: 'ความตกลง',
    synonyms: [
      'agreement reference',
      'agreement ref',
      'reference',
      'agreement id',
      'mou',
      'เลขที่อ้างอิง',
      'เลขที่ความตกลง',
      'บันทึกความเข้าใจ',
    ],
    maxLength: 200,
  },
  {
    key: 'externalId',
    kind: 'text',
    en: 'External ID',
    th: 'รหัสภายนอก',
    synonyms: ['external id', 'id', 'milestone id', 'รหัสเดิม'],
    maxLength: 200,
  },
  {
    key: 'title',
    kind: 'text',
    en: 'Milestone',
    th: 'กิจกรรม',
    synonyms: ['title', 'milestone title', 'activity', 'deliverable', 'name', 'ชื่อกิจกรรม', 'โครงการ', 'ผลผลิต'],
    maxLength: 500,
  },
  {
    key: 'description',
    kind: 'text',
    en: 'Description',
    th: 'รายละเอียด',
    synonyms: ['details', 'notes', 'หมายเหตุ'],
    maxLength: 20000,
  },
  {
    key: 'area',
    kind: 'area',
    en: 'Cooperation area',
    th: 'สาขาความร่วมมือ',
    synonyms: ['area', 'sector', 'สาขา', 'ด้าน'],
  },
  {
    key: 'ownerAgency',
    kind: 'text',
    en: 'Owner',
    th: 'ผู้รับผิดชอบ',
    synonyms: ['owner agency', 'responsible', 'agency', 'หน่วยงานรับผิดชอบ', 'หน่วยงาน'],
    maxLength: 300,
  },
  {
    key: 'dueOn',
    kind: 'date',
    en: 'Due',
    th: 'กำหนดเสร็จ',
    synonyms: ['due on', 'due date', 'deadline', 'กำหนดส่ง', 'วันครบกำหนด', 'กำหนดแล้วเสร็จ'],
  },
  { key: 'status', kind: 'milestone-status', en: 'Status', th: 'สถานะ', synonyms: ['state', 'progress', 'ความคืบหน้า'] },
  { key: 'targetValue', kind: 'number', en: 'Target', th: 'เป้าหมาย', synonyms: ['target value', 'ค่าเป้าหมาย'] },
  {
    key: 'actualValue',
    kind: 'number',
    en: 'Actual',
    th: 'ผลการดำเนินงาน',
    synonyms: ['actual value', 'achieved', 'ผลที่ได้'],
  },
  { key: 'unit', kind: 'text', en: 'Unit', th: 'หน่วยนับ', synonyms: ['units', 'หน่วย'], maxLength: 100 },
  {
    key: 'completedOn',
    kind: 'date',
    en: 'Completed on',
    th: 'วันที่แล้วเสร็จ',
    synonyms: ['completed', 'done on', 'completion date', 'เสร็จเมื่อ'],
  },
];

export const fieldsOf: Record<SheetRole, readonly ImportField[]> = {
  agreements: agreementFields,
  milestones: milestoneFields,
};

/** Sheet names (and CSV contents) that say which role a sheet plays. */
export const sheetRoleNames: Record<SheetRole, string[]> = {
  agreements: ['agreements', 'agreement', 'mou', 'mous', 'register', 'ความตกลง', 'บันทึกความเข้าใจ', 'ทะเบียน'],
  milestones: ['milestones', 'milestone', 'activities', 'deliverables', 'กิจกรรม', 'ผลการดำเนินงาน', 'แผนงาน'],
};

/** Lower case, spaces collapsed, trailing punctuation and a "*" (required marker) dropped. */
export function foldHeading(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('en')
    .replace(/[*:]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The field a heading most likely means, or null: the template's own headings first, then synonyms. */
export function guessField(role: SheetRole, heading: string): string | null {
  const folded = foldHeading(heading);
  const fields = fieldsOf[role];
  const exact = fields.find((f) => foldHeading(f.en) === folded || foldHeading(f.th) === folded);
  if (exact) return exact.key;
  const synonym = fields.find((f) => f.synonyms.some((s) => foldHeading(s) === folded));
  return synonym?.key ?? null;
}
