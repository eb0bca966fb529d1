/**
 * International organisations that can be a party in place of a country. Codes are
 * upper case and distinct from ISO 3166-1 alpha-2 codes (all are longer than two).
 */
export const organizations: ReadonlyArray<{ code: string; nameEn: string; nameTh: string }> = [
  { code: 'ASEAN', nameEn: 'Association of Southeast Asian Nations', nameTh: 'สมาคมประชาชาติแห่งเอเชียตะวันออกเฉียงใต้' },
  { code: 'APEC', nameEn: 'Asia-Pacific Economic Cooperation', nameTh: 'ความร่วมมือทางเศรษฐกิจเอเชีย-แปซิฟิก' },
  { code: 'APT', nameEn: 'Asia-Pacific Telecommunity', nameTh: 'องค์การโทรคมนาคมแห่งเอเชียและแปซิฟิก' },
  { code: 'EU', nameEn: 'European Union', nameTh: 'สหภาพยุโรป' },
  { code: 'UN', nameEn: 'United Nations', nameTh: 'สหประชาชาติ' },
  { code: 'ITU', nameEn: 'International Telecommunication Union', nameTh: 'สหภาพโทรคมนาคมระหว่างประเทศ' },
  { code: 'UPU', nameEn: 'Universal Postal Union', nameTh: 'สหภาพสากลไปรษณีย์' },
  { code: 'WMO', nameEn: 'World Meteorological Organization', nameTh: 'องค์การอุตุนิยมวิทยาโลก' },
  {
    code: 'OECD',
    nameEn: 'Organisation for Economic Co-operation and Development',
    nameTh: 'องค์การเพื่อความร่วมมือทางเศรษฐกิจและการพัฒนา',
  },
  { code: 'ADB', nameEn: 'Asian Development Bank', nameTh: 'ธนาคารพัฒนาเอเชีย' },
  { code: 'WB', nameEn: 'World Bank', nameTh: 'ธนาคารโลก' },
  {
    code: 'BIMSTEC',
    nameEn: 'Bay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation',
    nameTh: 'ความริเริ่มแห่งอ่าวเบงกอลสำหรับความร่วมมือหลากหลายสาขาทางวิชาการและเศรษฐกิจ',
  },
  { code: 'MGC', nameEn: 'Mekong-Ganga Cooperation', nameTh: 'ความร่วมมือลุ่มน้ำโขง-คงคา' },
];
