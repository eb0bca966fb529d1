import { ReadVersion } from '../../common/read-version.decorator.js';
import { AgreementFieldsDto } from './agreement-fields.dto.js';

/** A partial edit. Status moves only through POST /agreements/:id/status. */
export class UpdateAgreementDto extends AgreementFieldsDto {
  @ReadVersion()
  version: number;
}
