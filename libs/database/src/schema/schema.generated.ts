// Generated from the migrated database by `npm run db:types`; do not edit by hand.
// schema-types.spec.ts fails in `npm test` when a migration changes the schema and this file
// is not regenerated, so a renamed or retyped column is caught by the compiler.

/** A row of `agreement`. */
export interface AgreementRow {
  id: string;
  reference: string;
  title_en: string | null;
  title_th: string | null;
  kind: 'mou' | 'moc' | 'agreement' | 'letter-of-intent' | 'exchange-of-notes' | 'protocol' | 'amendment' | 'other';
  binding: boolean;
  parties: unknown;
  lead_agency: string;
  summary: string | null;
  cabinet_approved_on: string | null;
  cabinet_resolution_ref: string | null;
  signed_on: string | null;
  signed_place: string | null;
  effective_on: string | null;
  term_months: number;
  renewal: 'none' | 'automatic' | 'by-consent';
  notice_days: number;
  contacts: string[];
  source_urls: string[];
  tags: string[];
  status: 'draft' | 'negotiating' | 'awaiting-approval' | 'approved' | 'signed' | 'in-force' | 'expired' | 'terminated' | 'superseded';
  version: number;
  search_text: string | null;
  archived_at: Date | null;
  archived_by: string | null;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
  reminder_policy: unknown | null;
  term_started_on: string | null;
  expires_on: string | null;
  notice_deadline: string | null;
  decision: 'renew' | 'let-expire' | 'terminate' | null;
  decision_note: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  decision_term_starts_on: string | null;
  termination_notice_on: string | null;
  terminates_on: string | null;
  amends_id: string | null;
  supersedes_id: string | null;
  parties_text: string | null;
  area_codes: string[];
  external_id: string | null;
}

/** A row of `agreement_area`. */
export interface AgreementAreaRow {
  agreement_id: string;
  area_code: string;
}

/** A row of `agreement_term`. */
export interface AgreementTermRow {
  id: string;
  agreement_id: string;
  seq: number;
  starts_on: string;
  ends_on: string;
  origin: 'original' | 'renewal' | 'extension';
  created_at: Date;
  created_by: string;
}

/** A row of `app_user`. */
export interface AppUserRow {
  id: string;
  email: string;
  display_name: string;
  role: 'admin' | 'officer' | 'manager' | 'auditor';
  agency: string;
  active: boolean;
  password_hash: string;
  session_version: number;
  version: number;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
  locale: 'th' | 'en';
  calendar: 'buddhist' | 'gregorian';
  must_change_password: boolean;
}

/** A row of `audit_event`. */
export interface AuditEventRow {
  seq: string;
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown | null;
  after: unknown | null;
  metadata: unknown | null;
  request_id: string | null;
  client_ip: string | null;
  user_agent: string | null;
  prev_hash: string;
  hash: string;
}

/** A row of `blob`. */
export interface BlobRow {
  id: string;
  sha256: Buffer;
  size_bytes: string;
  chunk_count: number;
  created_at: Date;
}

/** A row of `blob_chunk`. */
export interface BlobChunkRow {
  blob_id: string;
  seq: number;
  data: Buffer;
}

/** A row of `calendar_feed`. */
export interface CalendarFeedRow {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** A row of `cooperation_area`. */
export interface CooperationAreaRow {
  code: string;
  label_en: string;
  label_th: string;
  created_at: Date;
}

/** A row of `document`. */
export interface DocumentRow {
  id: string;
  agreement_id: string;
  milestone_id: string | null;
  type: 'signed-copy' | 'draft' | 'cabinet-resolution' | 'note-verbale' | 'report' | 'other';
  language: string;
  note: string | null;
  authoritative: boolean;
  current_version: number;
  version: number;
  archived_at: Date | null;
  archived_by: string | null;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
}

/** A row of `document_version`. */
export interface DocumentVersionRow {
  document_id: string;
  number: number;
  sha256: Buffer;
  size_bytes: string;
  media_type: 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/tiff' | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  filename: string;
  uploaded_at: Date;
  uploaded_by: string;
  extraction_state: 'pending' | 'done' | 'failed';
  extraction_method: string | null;
  extraction_attempts: number;
  extraction_error: string | null;
  extracted_at: Date | null;
  enqueued_at: Date | null;
  page_count: number | null;
  text: string | null;
  preview_sha256: Buffer | null;
}

/** A row of `import_mapping`. */
export interface ImportMappingRow {
  id: string;
  name: string;
  columns: unknown;
  created_at: Date;
  created_by: string;
}

/** A row of `installation_secret`. */
export interface InstallationSecretRow {
  name: string;
  value: string;
  created_at: Date;
}

/** A row of `milestone`. */
export interface MilestoneRow {
  id: string;
  agreement_id: string;
  title: string;
  description: string | null;
  area_code: string | null;
  owner_agency: string | null;
  due_on: string;
  status: 'planned' | 'in-progress' | 'done' | 'cancelled';
  target_value: string | null;
  actual_value: string | null;
  unit: string | null;
  completed_on: string | null;
  version: number;
  archived_at: Date | null;
  archived_by: string | null;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
  external_id: string | null;
}

/** A row of `notification`. */
export interface NotificationRow {
  id: string;
  delivery_id: string;
  reminder_id: string;
  agreement_id: string;
  milestone_id: string | null;
  kind: string;
  subject_en: string;
  subject_th: string;
  body_en: string;
  body_th: string;
  target_on: string;
  created_at: Date;
}

/** A row of `notification_read`. */
export interface NotificationReadRow {
  user_id: string;
  notification_id: string;
  read_at: Date;
}

/** A row of `reference_counter`. */
export interface ReferenceCounterRow {
  prefix: string;
  year: number;
  last_value: number;
}

/** A row of `refresh_token`. */
export interface RefreshTokenRow {
  id: string;
  user_id: string;
  token_hash: string;
  session_version: number;
  expires_at: Date;
  revoked_at: Date | null;
  replaced_by: string | null;
  created_at: Date;
  client_ip: string | null;
  user_agent: string | null;
}

/** A row of `reminder`. */
export interface ReminderRow {
  id: string;
  agreement_id: string;
  milestone_id: string | null;
  kind: 'expiry' | 'notice-deadline' | 'milestone-due' | 'milestone-overdue';
  offset_days: number;
  target_on: string;
  due_on: string;
  fire_at: Date;
  state: 'pending' | 'sent' | 'failed' | 'cancelled';
  dispatched_at: Date | null;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A row of `reminder_delivery`. */
export interface ReminderDeliveryRow {
  id: string;
  reminder_id: string;
  channel: 'email' | 'webhook' | 'in-app';
  recipient: string;
  webhook_id: string | null;
  state: 'pending' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  retry_round: number;
  last_error: string | null;
  enqueued_at: Date | null;
  claimed_until: Date | null;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A row of `spreadsheet_import`. */
export interface SpreadsheetImportRow {
  id: string;
  file_name: string;
  format: 'xlsx' | 'csv';
  encoding: string | null;
  sha256: string;
  size_bytes: number;
  content: Buffer;
  sheets: unknown;
  mapping: unknown;
  mapping_id: string | null;
  state: 'uploaded' | 'checked' | 'committed' | 'undone';
  fingerprint: string | null;
  summary: unknown | null;
  checked_at: Date | null;
  committed_at: Date | null;
  committed_by: string | null;
  undone_at: Date | null;
  undone_by: string | null;
  created_at: Date;
  created_by: string;
  created_by_agency: string | null;
  version: number;
}

/** A row of `spreadsheet_import_record`. */
export interface SpreadsheetImportRecordRow {
  import_id: string;
  entity_type: 'agreement' | 'milestone';
  entity_id: string;
  action: 'create' | 'update';
  before: unknown | null;
  version_after: number;
}

/** A row of `spreadsheet_import_row`. */
export interface SpreadsheetImportRowRow {
  import_id: string;
  seq: number;
  sheet: string;
  row_number: number;
  action: 'create' | 'update' | 'unchanged' | 'problem';
  key: string | null;
  changes: unknown;
  problems: unknown;
}

/** A row of `webhook`. */
export interface WebhookRow {
  id: string;
  url: string;
  secret: string;
  events: string[];
  active: boolean;
  created_at: Date;
  created_by: string;
  deleted_at: Date | null;
  deleted_by: string | null;
}

/** Every table and view by name. */
export interface Schema {
  agreement: AgreementRow;
  agreement_area: AgreementAreaRow;
  agreement_term: AgreementTermRow;
  app_user: AppUserRow;
  audit_event: AuditEventRow;
  blob: BlobRow;
  blob_chunk: BlobChunkRow;
  calendar_feed: CalendarFeedRow;
  cooperation_area: CooperationAreaRow;
  document: DocumentRow;
  document_version: DocumentVersionRow;
  import_mapping: ImportMappingRow;
  installation_secret: InstallationSecretRow;
  milestone: MilestoneRow;
  notification: NotificationRow;
  notification_read: NotificationReadRow;
  reference_counter: ReferenceCounterRow;
  refresh_token: RefreshTokenRow;
  reminder: ReminderRow;
  reminder_delivery: ReminderDeliveryRow;
  spreadsheet_import: SpreadsheetImportRow;
  spreadsheet_import_record: SpreadsheetImportRecordRow;
  spreadsheet_import_row: SpreadsheetImportRowRow;
  webhook: WebhookRow;
}
