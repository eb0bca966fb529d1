/** The Thailand–Japan ICT memorandum of the source document, as an officer would log it. */
export function japanMemorandum(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    titleEn: 'Memorandum of Cooperation in the field of ICT and Digital between MDES and MIC of Japan',
    titleTh:
      'บันทึกความร่วมมือด้านเทคโนโลยีสารสนเทศและการสื่อสารและดิจิทัล ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม กับกระทรวงกิจการภายในและการสื่อสารของญี่ปุ่น',
    kind: 'moc',
    parties: [
      { country: 'TH', organization: 'Ministry of Digital Economy and Society' },
      { country: 'JP', organization: 'Ministry of Internal Affairs and Communications' },
    ],
    leadAgency: 'MDES',
    areas: ['cybersecurity', 'disaster-ict', 'knowledge-sharing', 'workforce', 'postal', 'other'],
    cabinetApprovedOn: '2017-05-30',
    termMonths: 60,
    status: 'approved',
    ...overrides,
  };
}

let counter = 0;

/** A minimal valid agreement; each call gets a distinct title. */
export function anAgreement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    titleEn: `Test agreement ${counter}`,
    kind: 'mou',
    parties: [
      { country: 'TH', organization: 'Ministry of Digital Economy and Society' },
      { country: 'KR', organization: 'Ministry of Science and ICT' },
    ],
    leadAgency: 'MDES',
    ...overrides,
  };
}

let milestoneCounter = 0;

/** A minimal valid milestone; each call gets a distinct title. */
export function aMilestone(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  milestoneCounter += 1;
  return { title: `Test milestone ${milestoneCounter}`, dueOn: '2027-03-31', ...overrides };
}
