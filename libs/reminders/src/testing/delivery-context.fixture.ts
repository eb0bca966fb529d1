import type { DeliveryContext } from '../channels/delivery-context.js';

/**
 * The Thailand–Japan ICT memorandum from the domain brief (in force 2017-06-05 for five
 * years), 30 days before its last day in force, as one email delivery. For unit tests.
 */
export const japanMemorandumDelivery: DeliveryContext = {
  deliveryId: '0b7f6a52-4a1e-4c55-9a39-6c1f3d2e8a01',
  reminderId: '5d2c9e1b-7f3a-4b8e-8c0d-2a6e4f1b9c02',
  channel: 'email',
  recipient: 'ir-officer@mdes.go.th',
  webhook: null,
  kind: 'expiry',
  targetOn: '2022-06-04',
  today: '2022-05-05',
  daysLeft: 30,
  agreement: {
    id: '9a4e1c7d-3b2f-4e6a-8d1c-5f7b2a9e0c03',
    reference: 'MOC-2017-0001',
    titleEn: 'Memorandum of Cooperation on ICT and Digital',
    titleTh: 'บันทึกความร่วมมือด้านเทคโนโลยีสารสนเทศและการสื่อสารและดิจิทัล',
    leadAgency: 'MDES',
  },
  milestone: null,
};
