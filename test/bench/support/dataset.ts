import type { DataSource } from 'typeorm';
import { partyCodes } from '../../../libs/domain/src/parties/countries.js';
import { organizations } from '../../../libs/domain/src/parties/organizations.js';

export interface DatasetOptions {
  agreements: number;
  milestonesPerAgreement: number;
  /** The office's date the data is spread around ('YYYY-MM-DD'). */
  today: string;
}

export interface DatasetSummary {
  agreements: number;
  agreementAreas: number;
  milestones: number;
  agreementsByStatus: Record<string, number>;
  milestonesByStatus: Record<string, number>;
  agreementsWithContacts: number;
  agreementsWithOwnPolicy: number;
  /** Seconds per load step. */
  loadSeconds: Record<string, number>;
}

/**
 * What a bench works on: the data already in a kept database (BENCH_DATABASE) when it holds
 * at least the agreements asked for, else a fresh load, timed.
 */
export async function loadOrReuseDataset(
  db: DataSource,
  options: DatasetOptions,
  log: (message: string) => void,
): Promise<(DatasetSummary & { totalLoadSeconds: number }) | { reused: number }> {
  const [{ n: present }] = await db.query('SELECT count(*)::int AS n FROM agreement');
  if (present >= options.agreements) {
    log(`reusing the ${present.toLocaleString('en-US')} agreements already there`);
    return { reused: present };
  }
  log(
    `loading ${options.agreements.toLocaleString('en-US')} agreements, ` +
      `${options.milestonesPerAgreement} milestones each …`,
  );
  const started = performance.now();
  const summary = await loadDataset(db, options);
  const totalLoadSeconds = round((performance.now() - started) / 1000, 1);
  log(`    loaded in ${totalLoadSeconds} s: ${JSON.stringify(summary.loadSeconds)}`);
  return { ...summary, totalLoadSeconds };
}

/** The webhook every reminder kind goes to; the delivery bench points it at its receiver. */
export const BENCH_WEBHOOK_ID = '00000000-0000-4000-8000-0000000000b1';

// Partners Thailand signs with most often come up far more often than the rest of the world.
const frequentPartners = ['JP', 'KR', 'CN', 'SG', 'MY', 'VN', 'LA', 'KH', 'MM', 'ID', 'PH', 'IN', 'AU', 'US', 'GB'];

// [code, English, Thai, reference prefix, weight]
const kinds: Array<[string, string, string, string, number]> = [
  ['mou', 'Memorandum of Understanding', 'บันทึกความเข้าใจ', 'MOU', 10],
  ['moc', 'Memorandum of Cooperation', 'บันทึกความร่วมมือ', 'MOC', 6],
  ['agreement', 'Agreement', 'ความตกลง', 'AGR', 3],
  ['letter-of-intent', 'Letter of Intent', 'หนังสือแสดงเจตจำนง', 'LOI', 2],
  ['exchange-of-notes', 'Exchange of Notes', 'หนังสือแลกเปลี่ยน', 'EON', 1],
  ['protocol', 'Protocol', 'พิธีสาร', 'PRT', 1],
  ['amendment', 'Amendment', 'ข้อแก้ไข', 'AMD', 1],
  ['other', 'Arrangement', 'ข้อตกลง', 'OTH', 1],
];

// [English, Thai, tag]
const topics: Array<[string, string, string]> = [
  ['Cybersecurity', 'ความมั่นคงปลอดภัยไซเบอร์', 'cybersecurity'],
  ['Digital Economy', 'เศรษฐกิจดิจิทัล', 'digital-economy'],
  ['ICT for Disaster Risk Reduction', 'เทคโนโลยีสารสนเทศเพื่อการลดความเสี่ยงจากภัยพิบัติ', 'disaster'],
  ['Postal Services', 'กิจการไปรษณีย์', 'postal'],
  ['Digital Skills Development', 'การพัฒนาทักษะดิจิทัล', 'skills'],
  ['Smart Cities', 'เมืองอัจฉริยะ', 'smart-city'],
  ['Data Governance', 'ธรรมาภิบาลข้อมูล', 'data'],
  ['Broadband Infrastructure', 'โครงสร้างพื้นฐานบรอดแบนด์', 'broadband'],
  ['Meteorological Data Exchange', 'การแลกเปลี่ยนข้อมูลอุตุนิยมวิทยา', 'weather'],
  ['Digital Government Services', 'บริการภาครัฐดิจิทัล', 'e-government'],
];

const leadAgencies = [
  'Ministry of Digital Economy and Society',
  'Digital Economy Promotion Agency',
  'Electronic Transactions Development Agency',
  'National Cyber Security Agency',
  'Thai Meteorological Department',
  'Thailand Post Co. Ltd',
  'Digital Government Development Agency',
  'National Statistical Office',
];

const partnerBodies = [
  'Ministry of Digital Affairs',
  'Ministry of Communications',
  'Ministry of Science and ICT',
  'National Cyber Security Centre',
  'Meteorological Service',
  'Postal Regulator',
];

// [English, Thai]
const milestoneTitles: Array<[string, string]> = [
  ['Joint Working Group meeting', 'การประชุมคณะทำงานร่วม'],
  ['Cybersecurity capacity-building workshop', 'การฝึกอบรมเชิงปฏิบัติการด้านความมั่นคงปลอดภัยไซเบอร์'],
  ['Annual progress report to the Cabinet', 'รายงานความก้าวหน้าประจำปีต่อคณะรัฐมนตรี'],
  ['Pilot of early-warning data exchange', 'ทดลองระบบแลกเปลี่ยนข้อมูลเตือนภัยล่วงหน้า'],
  ['Exchange of experts', 'การแลกเปลี่ยนผู้เชี่ยวชาญ'],
  ['Digital skills training for officials', 'ฝึกอบรมทักษะดิจิทัลสำหรับเจ้าหน้าที่'],
  ['Mid-term review', 'การทบทวนระยะกลาง'],
  ['Broadband rollout to target villages', 'ขยายโครงข่ายบรอดแบนด์สู่หมู่บ้านเป้าหมาย'],
];

const weighted = <T>(rows: Array<[T, number]>): T[] => rows.flatMap(([value, weight]) => Array(weight).fill(value));

/**
 * Statuses as a registry of a few years looks: mostly in force, the rest spread over the
 * life cycle. Cumulative shares, tested in order.
 */
const agreementStatusSql = `CASE
  WHEN r.s < 0.70 THEN 'in-force'   WHEN r.s < 0.78 THEN 'expired'    WHEN r.s < 0.83 THEN 'signed'
  WHEN r.s < 0.87 THEN 'approved'   WHEN r.s < 0.90 THEN 'awaiting-approval'
  WHEN r.s < 0.93 THEN 'negotiating' WHEN r.s < 0.96 THEN 'draft'     WHEN r.s < 0.98 THEN 'terminated'
  ELSE 'superseded' END`;

/**
 * Loads a deterministic registry with set-based SQL only: every value derives from the row
 * number through a hash (bench_rand), so two runs on the same day load the same data.
 */
export async function loadDataset(db: DataSource, options: DatasetOptions): Promise<DatasetSummary> {
  const loadSeconds: Record<string, number> = {};
  const step = async (name: string, sql: string, params: unknown[] = []) => {
    const started = performance.now();
    await db.query(sql, params);
    loadSeconds[name] = round((performance.now() - started) / 1000, 2);
  };

  await db.query(`
    CREATE FUNCTION bench_rand(i bigint, salt integer) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
    $$ SELECT (hashint8extended(i, salt) & 281474976710655)::double precision / 281474976710656 $$`);
  await db.query(`
    CREATE FUNCTION bench_pick(items anyarray, r double precision) RETURNS anyelement
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT items[1 + floor(r * cardinality(items))::int] $$`);
  await db.query(`
    CREATE FUNCTION bench_uuid(kind text, i bigint) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT md5(kind || ':' || i)::uuid $$`);

  const countries = partyCodes.filter((p) => p.type === 'country' && p.code !== 'TH');
  const partners = [
    ...countries,
    ...frequentPartners.flatMap((code) => Array(12).fill(countries.find((c) => c.code === code)!)),
  ];
  const kindRows = weighted(kinds.map((k) => [k, k[4]]));
  const areas: string[] = (await db.query('SELECT code FROM cooperation_area ORDER BY code')).map(
    (row: { code: string }) => row.code,
  );
  // Agreement i covers area k ($17: the codes): one main area, each other with a chance of one in five.
  const areaPickSql = `(k = 1 + floor(bench_rand(i, 20) * cardinality($17::text[]))::int OR bench_rand(i * 8 + k, 21) < 0.2)`;

  await step(
    'agreements',
    `INSERT INTO agreement (id, reference, title_en, title_th, kind, binding, parties, lead_agency, summary,
                            cabinet_approved_on, cabinet_resolution_ref, signed_on, signed_place, effective_on,
                            term_months, renewal, notice_days, contacts, source_urls, tags, status, reminder_policy,
                            created_at, created_by, updated_at, updated_by, area_codes)
     SELECT bench_uuid('agreement', i),
            d.prefix || '-' || extract(year FROM coalesce(d.signed_on, d.cabinet_on, d.created_on)) || '-' || lpad(i::text, 6, '0'),
            CASE WHEN r.lang < 0.90 THEN d.kind_en || ' on ' || d.topic_en || ' Cooperation between the Kingdom of Thailand and ' || d.partner_en END,
            CASE WHEN r.lang >= 0.08 THEN d.kind_th || 'ว่าด้วยความร่วมมือด้าน' || d.topic_th || ' ระหว่างราชอาณาจักรไทยกับ' || d.partner_th END,
            d.kind, d.kind IN ('agreement', 'protocol', 'exchange-of-notes'),
            jsonb_build_array(
              jsonb_build_object('country', 'TH', 'organization', d.lead),
              jsonb_build_object('country', d.partner, 'organization', bench_pick($16::text[], r.body) || ', ' || d.partner_en,
                                 'signatory', CASE WHEN d.signed_on IS NOT NULL THEN 'Minister ' || (i % 97) END)
            ) || CASE WHEN r.third < 0.1 THEN jsonb_build_array(jsonb_build_object(
                   'country', bench_pick($5::text[], r.third * 10), 'organization', bench_pick($6::text[], r.third * 10)))
                 ELSE '[]'::jsonb END,
            d.lead,
            CASE WHEN r.summary < 0.7 THEN 'Cooperation on ' || lower(d.topic_en) || ' between ' || d.lead || ' and its counterpart in '
                 || d.partner_en || ': exchange of experts, joint training and sharing of data and good practice.' END,
            d.cabinet_on, CASE WHEN d.cabinet_on IS NOT NULL THEN 'มติคณะรัฐมนตรี ' || to_char(d.cabinet_on, 'DD/MM/YYYY') END,
            d.signed_on, CASE WHEN d.signed_on IS NOT NULL THEN CASE WHEN r.place < 0.6 THEN 'Bangkok' ELSE d.partner_en END END,
            d.effective_on, d.term_months,
            CASE WHEN r.renewal < 0.5 THEN 'none' WHEN r.renewal < 0.8 THEN 'automatic' ELSE 'by-consent' END,
            bench_pick(ARRAY[30, 60, 90, 90, 90, 180], r.notice),
            CASE WHEN r.contacts < 0.5 THEN '{}'::text[]
                 WHEN r.contacts < 0.8 THEN ARRAY['mou' || i || '@mdes.go.th']
                 ELSE ARRAY['mou' || i || '@mdes.go.th', 'Focal.Point' || i || '@partner.example.org'] END,
            ARRAY['https://www.mdes.go.th/mou/' || i],
            ARRAY[lower(d.partner), d.topic_tag],
            d.status,
            CASE WHEN r.policy < 0.05 THEN '{"expiry":[120,60,14],"notice":[21,7],"milestone":[7,1],"overdueEveryDays":14}'::jsonb END,
            d.created_on::timestamptz, 'bench', d.created_on::timestamptz, 'bench',
            -- The areas the agreement_area step below gives it, sorted, so its trigger writes nothing.
            ARRAY(SELECT ($17::text[])[k] FROM generate_series(1, cardinality($17::text[])) AS k
                   WHERE ${areaPickSql} ORDER BY k)
       FROM generate_series(1, $1::int) AS i
      CROSS JOIN LATERAL (
        SELECT bench_rand(i, 1) AS kind, bench_rand(i, 2) AS s, bench_rand(i, 3) AS term, bench_rand(i, 4) AS partner,
               bench_rand(i, 5) AS eff, bench_rand(i, 6) AS sign, bench_rand(i, 7) AS lang, bench_rand(i, 8) AS contacts,
               bench_rand(i, 9) AS policy, bench_rand(i, 10) AS third, bench_rand(i, 11) AS topic, bench_rand(i, 12) AS lead,
               bench_rand(i, 13) AS body, bench_rand(i, 14) AS summary, bench_rand(i, 15) AS place,
               bench_rand(i, 16) AS renewal, bench_rand(i, 17) AS notice, bench_rand(i, 18) AS cabinet
      ) r
      CROSS JOIN LATERAL (
        SELECT ${agreementStatusSql} AS status,
               bench_pick(ARRAY[36, 48, 60, 60, 60, 72, 84, 96, 120], r.term) AS term_months,
               1 + floor(r.kind * cardinality($7::text[]))::int AS k,
               1 + floor(r.partner * cardinality($2::text[]))::int AS p,
               1 + floor(r.topic * cardinality($11::text[]))::int AS t
      ) v
      CROSS JOIN LATERAL (
        SELECT CASE
                 WHEN v.status IN ('in-force', 'terminated', 'superseded') THEN $15::date - floor(r.eff * 1826)::int
                 WHEN v.status = 'expired' THEN ($15::date - make_interval(months => v.term_months))::date - 1 - floor(r.eff * 700)::int
               END AS effective_on
      ) e
      CROSS JOIN LATERAL (
        SELECT CASE
                 WHEN e.effective_on IS NOT NULL THEN e.effective_on - floor(r.sign * 45)::int
                 WHEN v.status = 'signed' THEN $15::date - floor(r.eff * 120)::int
               END AS signed_on
      ) s
      CROSS JOIN LATERAL (
        SELECT v.status, v.term_months, e.effective_on, s.signed_on,
               CASE WHEN s.signed_on IS NOT NULL AND r.cabinet < 0.8 THEN s.signed_on - 14 - floor(r.cabinet * 100)::int
                    WHEN v.status IN ('approved', 'awaiting-approval') THEN $15::date - floor(r.eff * 200)::int END AS cabinet_on,
               coalesce(s.signed_on - 150, $15::date - floor(r.eff * 365)::int) AS created_on,
               ($7::text[])[v.k] AS kind, ($8::text[])[v.k] AS kind_en, ($9::text[])[v.k] AS kind_th, ($10::text[])[v.k] AS prefix,
               ($2::text[])[v.p] AS partner, ($3::text[])[v.p] AS partner_en, ($4::text[])[v.p] AS partner_th,
               ($11::text[])[v.t] AS topic_en, ($12::text[])[v.t] AS topic_th, ($13::text[])[v.t] AS topic_tag,
               bench_pick($14::text[], r.lead) AS lead
      ) d`,
    [
      options.agreements,
      partners.map((p) => p.code),
      partners.map((p) => p.nameEn),
      partners.map((p) => p.nameTh),
      organizations.map((o) => o.code),
      organizations.map((o) => o.nameEn),
      kindRows.map((k) => k[0]),
      kindRows.map((k) => k[1]),
      kindRows.map((k) => k[2]),
      kindRows.map((k) => k[3]),
      topics.map((t) => t[0]),
      topics.map((t) => t[1]),
      topics.map((t) => t[2]),
      leadAgencies,
      options.today,
      partnerBodies,
      areas,
    ],
  );

  await step(
    'agreement areas',
    `INSERT INTO agreement_area (agreement_id, area_code)
     SELECT bench_uuid('agreement', i), ($2::text[])[k]
       FROM generate_series(1, $1::int) AS i CROSS JOIN generate_series(1, cardinality($2::text[])) AS k
      WHERE ${areaPickSql.replaceAll('$17', '$2')}`,
    [options.agreements, areas],
  );

  // Due dates spread over two years either side of today; past ones mostly done, some
  // still open (overdue), future ones mostly planned or under way.
  await step(
    'milestones',
    `INSERT INTO milestone (id, agreement_id, title, description, area_code, owner_agency, due_on, status,
                            target_value, actual_value, unit, completed_on, created_at, created_by, updated_at, updated_by)
     SELECT bench_uuid('milestone', j), bench_uuid('agreement', (j - 1) / $2 + 1),
            CASE WHEN r.lang < 0.5 THEN ($4::text[])[t] ELSE ($5::text[])[t] END || ' ' || ((j - 1) % $2 + 1) || '/' || $2,
            CASE WHEN r.descr < 0.4 THEN 'ดำเนินการตามแผนงานความร่วมมือ / Activity under the cooperation work plan' END,
            CASE WHEN r.area < 0.8 THEN bench_pick($6::text[], r.area / 0.8) END,
            bench_pick($7::text[], r.owner),
            x.due_on, s.status,
            CASE WHEN r.target < 0.3 THEN 10 + floor(r.target * 3000) END,
            CASE WHEN r.target < 0.3 AND s.status = 'done' THEN 10 + floor(r.target * 3000) END,
            CASE WHEN r.target < 0.3 THEN bench_pick(ARRAY['participants', 'officials', 'villages', 'reports'], r.target / 0.3) END,
            CASE WHEN s.status = 'done' THEN
              CASE WHEN x.due_on <= $3::date THEN least(x.due_on + floor(r.done * 40)::int - 20, $3::date)
                   ELSE $3::date - floor(r.done * 30)::int END END,
            (least(x.due_on, $3::date) - 400)::timestamptz, 'bench',
            (least(x.due_on, $3::date) - 400)::timestamptz, 'bench'
       FROM generate_series(1, $1::int * $2::int) AS j
      CROSS JOIN LATERAL (
        SELECT bench_rand(j, 31) AS lang, bench_rand(j, 32) AS due, bench_rand(j, 33) AS state, bench_rand(j, 34) AS area,
               bench_rand(j, 35) AS owner, bench_rand(j, 36) AS target, bench_rand(j, 37) AS done, bench_rand(j, 38) AS descr,
               1 + floor(bench_rand(j, 39) * cardinality($4::text[]))::int AS t
      ) r
      CROSS JOIN LATERAL (SELECT $3::date + floor(r.due * 1461)::int - 730 AS due_on) x
      CROSS JOIN LATERAL (
        SELECT CASE WHEN x.due_on < $3::date THEN
                 CASE WHEN r.state < 0.60 THEN 'done' WHEN r.state < 0.70 THEN 'cancelled'
                      WHEN r.state < 0.80 THEN 'in-progress' ELSE 'planned' END
               ELSE
                 CASE WHEN r.state < 0.75 THEN 'planned' WHEN r.state < 0.94 THEN 'in-progress'
                      WHEN r.state < 0.97 THEN 'cancelled' ELSE 'done' END
               END AS status
      ) s`,
    [
      options.agreements,
      options.milestonesPerAgreement,
      options.today,
      milestoneTitles.map((m) => m[0]),
      milestoneTitles.map((m) => m[1]),
      areas,
      [...leadAgencies, 'TOT Public Company Ltd', 'Provincial Offices of MDES'],
    ],
  );

  await step(
    'webhooks',
    `INSERT INTO webhook (id, url, secret, events, active, created_by, deleted_at, deleted_by) VALUES
       ($1, 'http://127.0.0.1:9/hook', 'bench-secret-0123456789abcdef', ARRAY['expiry','notice-deadline','milestone-due','milestone-overdue'], true, 'bench', NULL, NULL),
       (gen_random_uuid(), 'https://partner.example.org/mou', 'paused-secret', ARRAY['expiry'], false, 'bench', NULL, NULL),
       (gen_random_uuid(), 'https://old.example.org/mou', 'gone-secret', ARRAY['expiry','notice-deadline'], true, 'bench', now(), 'bench')`,
    [BENCH_WEBHOOK_ID],
  );
  await step('vacuum analyze', 'VACUUM ANALYZE');

  const count = async (sql: string) => Number((await db.query(sql))[0].n);
  const tally = async (sql: string) =>
    Object.fromEntries(
      ((await db.query(sql)) as Array<{ k: string; n: string }>).map((row) => [row.k, Number(row.n)]),
    ) as Record<string, number>;
  return {
    agreements: await count('SELECT count(*) AS n FROM agreement'),
    agreementAreas: await count('SELECT count(*) AS n FROM agreement_area'),
    milestones: await count('SELECT count(*) AS n FROM milestone'),
    agreementsByStatus: await tally('SELECT status AS k, count(*) AS n FROM agreement GROUP BY 1 ORDER BY 2 DESC'),
    milestonesByStatus: await tally('SELECT status AS k, count(*) AS n FROM milestone GROUP BY 1 ORDER BY 2 DESC'),
    agreementsWithContacts: await count(`SELECT count(*) AS n FROM agreement WHERE contacts <> '{}'`),
    agreementsWithOwnPolicy: await count('SELECT count(*) AS n FROM agreement WHERE reminder_policy IS NOT NULL'),
    loadSeconds,
  };
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
