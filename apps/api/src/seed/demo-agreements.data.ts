import type { AgreementKind, AgreementStatus, MilestoneStatus, Party, RenewalMode } from '@mou/domain';

export interface DemoMilestone {
  /** With the agreement, the key a re-run matches on: keep titles stable. */
  title: string;
  description: string;
  areaCode: string | null;
  ownerAgency: string;
  dueOn: string;
  status: MilestoneStatus;
  targetValue: number | null;
  unit: string | null;
}

export interface DemoAgreement {
  /** The key a re-run matches on. Not in the generated PREFIX-YEAR-NNNN form, so never taken by one. */
  reference: string;
  titleEn: string;
  titleTh: string;
  kind: AgreementKind;
  parties: Party[];
  leadAgency: string;
  areas: string[];
  summary: string;
  cabinetApprovedOn: string | null;
  signedOn: string | null;
  effectiveOn: string | null;
  termMonths: number;
  renewal: RenewalMode;
  noticeDays: number;
  sourceUrls: string[];
  tags: string[];
  status: AgreementStatus;
  milestones: DemoMilestone[];
}

const MDES = 'Ministry of Digital Economy and Society';
const SOURCE = 'http://www.thaigov.go.th/news/contents/details/4283';
const thailand: Party = { country: 'TH', organization: MDES };

const illustrative =
  'Illustrative record. The source news item of 2017-06-05 says only that the ministry had already signed digital ' +
  'cooperation agreements with South Korea, the People’s Republic of China and the ASEAN member states; the ' +
  'agencies, dates and terms here are made up for demonstration.';

/** The Thailand–Japan memorandum as the source document reports it, as of 2017-06-05. */
const japanMemorandum: DemoAgreement = {
  reference: 'MOC-2017-JP-ICT',
  titleEn:
    'Memorandum of Cooperation in the field of ICT and Digital between the Ministry of Digital Economy and Society ' +
    'of Thailand and the Ministry of Internal Affairs and Communications of Japan',
  titleTh:
    'บันทึกความร่วมมือระหว่างกระทรวงกิจการภายในและการสื่อสาร ประเทศญี่ปุ่น และกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม ' +
    'ว่าด้วยความร่วมมือด้านเทคโนโลยีสารสนเทศ การสื่อสาร และดิจิทัล',
  kind: 'moc',
  parties: [thailand, { country: 'JP', organization: 'Ministry of Internal Affairs and Communications' }],
  leadAgency: MDES,
  areas: ['cybersecurity', 'disaster-ict', 'knowledge-sharing', 'workforce', 'postal', 'other'],
  summary:
    'Cooperation in information and communication technology and digital between the two ministries, on the ' +
    'principles of equality, reciprocity, mutual respect and mutual benefit between the two participants. Six ' +
    'areas: cybersecurity; ICT and related data for weather observation and disaster risk reduction; sharing ' +
    'knowledge on technology innovation and ICT/digital services and applications; human resource development in ' +
    'ICT and digital; postal cooperation; other areas both sides agree on. Term of five years. It follows talks ' +
    'between the prime ministers of Thailand and Japan at the Thailand–Japan Summit in Tokyo on 2015-02-09. The ' +
    'cabinet approved signature on 2017-05-30; on 2017-06-05 the signing was being prepared.',
  cabinetApprovedOn: '2017-05-30',
  signedOn: null,
  effectiveOn: null,
  termMonths: 60,
  renewal: 'none',
  noticeDays: 90,
  sourceUrls: [SOURCE],
  tags: ['japan', 'ict', 'digital'],
  status: 'approved',
  milestones: [
    {
      title: 'Net Pracharat village broadband (เน็ตประชารัฐ)',
      description:
        'Broadband network to every target village; the ministry expected all 24,700 villages done by the end of 2017.',
      areaCode: null,
      ownerAgency: 'TOT Public Company Ltd',
      dueOn: '2017-12-31',
      status: 'in-progress',
      targetValue: 24700,
      unit: 'villages',
    },
    {
      title: 'Digital Thailand Big Bang 2017',
      description:
        'Exhibition on 21-24 September 2017 at Challenger Hall, IMPACT Muang Thong Thani, opened by the Prime ' +
        'Minister on the first day; four zones: Digital Ecosystem Thailand, Digital Playground, Digital Park, ' +
        'Digital Community and Smart City. Due on the opening day.',
      areaCode: 'knowledge-sharing',
      ownerAgency: 'Digital Economy Promotion Agency (DEPA)',
      dueOn: '2017-09-21',
      status: 'in-progress',
      targetValue: null,
      unit: null,
    },
    {
      title: 'thailandpostmart.com e-commerce for community products',
      description:
        'Online shop for community businesses with a payment gateway, and post offices nationwide as sales points. ' +
        'The news item gives no date: the due date is illustrative.',
      areaCode: 'postal',
      ownerAgency: 'Thailand Post Co. Ltd',
      dueOn: '2017-12-31',
      status: 'in-progress',
      targetValue: null,
      unit: null,
    },
  ],
};

const earlierAgreements: DemoAgreement[] = [
  {
    reference: 'MOU-2016-KR-DIGITAL',
    titleEn: 'Memorandum of Understanding on Digital Economy Cooperation between Thailand and the Republic of Korea',
    titleTh: 'บันทึกความเข้าใจว่าด้วยความร่วมมือด้านเศรษฐกิจดิจิทัล ระหว่างประเทศไทยกับประเทศเกาหลีใต้',
    kind: 'mou',
    parties: [thailand, { country: 'KR', organization: 'Ministry of Science, ICT and Future Planning' }],
    leadAgency: MDES,
    areas: ['knowledge-sharing', 'workforce'],
    summary: illustrative,
    cabinetApprovedOn: '2016-10-25',
    signedOn: '2016-11-15',
    effectiveOn: '2016-11-15',
    termMonths: 60,
    renewal: 'automatic',
    noticeDays: 90,
    sourceUrls: [SOURCE],
    tags: ['illustrative'],
    status: 'in-force',
    milestones: [],
  },
  {
    reference: 'MOU-2017-CN-DIGITAL',
    titleEn: 'Memorandum of Understanding on Digital Economy Cooperation between Thailand and China',
    titleTh: 'บันทึกความเข้าใจว่าด้วยความร่วมมือด้านเศรษฐกิจดิจิทัล ระหว่างประเทศไทยกับสาธารณรัฐประชาชนจีน',
    kind: 'mou',
    parties: [thailand, { country: 'CN', organization: 'Ministry of Industry and Information Technology' }],
    leadAgency: MDES,
    areas: ['cybersecurity', 'knowledge-sharing'],
    summary: illustrative,
    cabinetApprovedOn: '2017-01-10',
    signedOn: '2017-01-20',
    effectiveOn: '2017-01-20',
    termMonths: 60,
    renewal: 'by-consent',
    noticeDays: 180,
    sourceUrls: [SOURCE],
    tags: ['illustrative'],
    status: 'in-force',
    milestones: [],
  },
  {
    reference: 'MOU-2016-ASEAN-DIGITAL',
    titleEn: 'Memorandum of Understanding on Digital Cooperation among ASEAN Member States',
    titleTh: 'บันทึกความเข้าใจว่าด้วยความร่วมมือด้านดิจิทัลระหว่างประเทศสมาชิกอาเซียน',
    kind: 'mou',
    parties: [
      thailand,
      { country: 'ASEAN', organization: 'ASEAN Secretariat' },
      { country: 'ID', organization: 'Ministry of Communication and Information Technology' },
      { country: 'MY', organization: 'Ministry of Communications and Multimedia' },
      { country: 'SG', organization: 'Ministry of Communications and Information' },
      { country: 'VN', organization: 'Ministry of Information and Communications' },
    ],
    leadAgency: MDES,
    areas: ['cybersecurity', 'workforce', 'knowledge-sharing'],
    summary: illustrative,
    cabinetApprovedOn: '2016-11-22',
    signedOn: '2016-12-02',
    effectiveOn: '2016-12-02',
    termMonths: 60,
    renewal: 'none',
    noticeDays: 90,
    sourceUrls: [SOURCE],
    tags: ['illustrative'],
    status: 'in-force',
    milestones: [],
  },
];

export const demoAgreements: readonly DemoAgreement[] = [japanMemorandum, ...earlierAgreements];
