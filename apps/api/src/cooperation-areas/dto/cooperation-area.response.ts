import { ApiProperty } from '@nestjs/swagger';

export class CooperationAreaResponse {
  @ApiProperty({ example: 'cybersecurity' }) code: string;
  @ApiProperty({ example: 'Cybersecurity' }) labelEn: string;
  @ApiProperty({ example: 'ความมั่นคงปลอดภัยไซเบอร์' }) labelTh: string;
}
