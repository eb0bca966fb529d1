/** Users of every role and a few agreements, created through the API as a person would. */

export const PASSWORD = 'correct horse battery staple';
export const ADMIN = { email: 'admin@browser.test', password: 'first admin password 1' };

export const users = {
  officer: { email: 'officer@mdes.go.th', displayName: 'Somchai Jaidee', role: 'officer', agency: 'MDES' },
  manager: { email: 'manager@mdes.go.th', displayName: 'Malee Srisuk', role: 'manager', agency: 'MDES' },
  auditor: { email: 'auditor@oag.go.th', displayName: 'Anan Wongsa', role: 'auditor', agency: 'OAG' },
} as const;
export type SeededRole = keyof typeof users;

export const japanMoc = {
  kind: 'moc',
  titleEn: 'Memorandum of Cooperation in the field of ICT and Digital',
  titleTh: 'บันทึกความร่วมมือด้านเทคโนโลยีสารสนเทศและการสื่อสารและดิจิทัล ระหว่างประเทศไทยกับญี่ปุ่น',
  parties: [
    { country: 'TH', organization: 'Ministry of Digital Economy and Society' },
    { country: 'JP', organization: 'Ministry of Internal Affairs and Communications' },
  ],
  leadAgency: 'MDES',
  status: 'in-force',
  cabinetApprovedOn: '2017-05-30',
  signedOn: '2017-06-05',
  effectiveOn: '2017-06-05',
  termMonths: 60,
  renewal: 'by-consent',
  noticeDays: 90,
};

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(days: number): Date {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date;
}

/** In force, its notice deadline about a month away, so the deadlines page has rows. */
function koreaMou(): Record<string, unknown> {
  const effective = addDays(120);
  effective.setUTCFullYear(effective.getUTCFullYear() - 2);
  return {
    kind: 'mou',
    titleEn: 'Memorandum of Understanding on Cybersecurity Cooperation',
    titleTh: 'บันทึกความเข้าใจว่าด้วยความร่วมมือด้านความมั่นคงปลอดภัยไซเบอร์ ระหว่างประเทศไทยกับสาธารณรัฐเกาหลี',
    parties: [
      { country: 'TH', organization: 'National Cyber Security Agency' },
      { country: 'KR', organization: 'Korea Internet & Security Agency' },
    ],
    leadAgency: 'MDES',
    status: 'in-force',
    signedOn: isoDay(effective),
    effectiveOn: isoDay(effective),
    termMonths: 24,
    renewal: 'by-consent',
    noticeDays: 90,
  };
}

const singaporeDraft = {
  kind: 'letter-of-intent',
  titleEn: 'Letter of Intent on Digital Trade',
  titleTh: 'หนังสือแสดงเจตจำนงว่าด้วยการค้าดิจิทัล ระหว่างประเทศไทยกับสิงคโปร์',
  parties: [
    { country: 'TH', organization: 'Ministry of Commerce' },
    { country: 'SG', organization: 'Ministry of Trade and Industry' },
  ],
  leadAgency: 'MDES',
  status: 'negotiating',
};

export interface Seeded {
  japanMoc: { id: string; reference: string };
  koreaMou: { id: string; reference: string };
  singaporeDraft: { id: string; reference: string };
}

export async function seed(apiUrl: string): Promise<Seeded> {
  const call = async (method: string, path: string, token: string | null, body?: unknown) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  /** Signs in; an account that must change its password first changes it to the same known one. */
  const signIn = async (email: string, password: string): Promise<string> => {
    const { accessToken } = await call('POST', '/auth/login', null, { email, password });
    const me = await call('GET', '/auth/me', accessToken);
    if (!me.mustChangePassword) return accessToken;
    const changed = await call('POST', '/auth/password', accessToken, {
      currentPassword: password,
      newPassword: PASSWORD,
    });
    return changed.accessToken;
  };

  const admin = await signIn(ADMIN.email, ADMIN.password);
  for (const user of Object.values(users)) await call('POST', '/users', admin, { ...user, password: PASSWORD });
  for (const user of Object.values(users)) await signIn(user.email, PASSWORD);

  const officer = await signIn(users.officer.email, PASSWORD);
  const create = async (body: unknown) => {
    const { id, reference } = await call('POST', '/agreements', officer, body);
    return { id: id as string, reference: reference as string };
  };
  const seeded: Seeded = {
    japanMoc: await create(japanMoc),
    koreaMou: await create(koreaMou()),
    singaporeDraft: await create(singaporeDraft),
  };
  await call('POST', `/agreements/${seeded.koreaMou.id}/milestones`, officer, {
    title: 'Joint cyber drill',
    dueOn: isoDay(addDays(20)),
    ownerAgency: 'NCSA',
  });
  await call('POST', `/agreements/${seeded.koreaMou.id}/milestones`, officer, {
    title: 'Exchange of threat intelligence contacts',
    dueOn: isoDay(addDays(-10)),
    ownerAgency: 'NCSA',
  });
  await call('POST', `/agreements/${seeded.japanMoc.id}/milestones`, officer, {
    title: 'Net Pracharat: broadband to every village',
    dueOn: '2017-12-31',
    ownerAgency: 'TOT Public Company Ltd',
    targetValue: 24700,
    actualValue: 24700,
    unit: 'villages',
    status: 'done',
    completedOn: '2017-12-20',
  });
  return seeded;
}
