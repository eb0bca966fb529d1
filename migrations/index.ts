import { InitialSchema1795657974201 } from './1795657974201-InitialSchema.js';
import { ReminderPlan1795658439006 } from './1795658439006-ReminderPlan.js';
import { AccessAndAudit1795659881202 } from './1795659881202-AccessAndAudit.js';
import { CalendarFeeds1795660632895 } from './1795660632895-CalendarFeeds.js';
import { TermsAndDecisions1795663007863 } from './1795663007863-TermsAndDecisions.js';
import { AgreementRegisterText1795671000000 } from './1795671000000-AgreementRegisterText.js';
import { ReminderPlanWrites1795672000000 } from './1795672000000-ReminderPlanWrites.js';
import { ReminderPlanWithoutRowChecks1795673000000 } from './1795673000000-ReminderPlanWithoutRowChecks.js';
import { RegisterCounts1795674000000 } from './1795674000000-RegisterCounts.js';
import { BoundedExpiry1795675000000 } from './1795675000000-BoundedExpiry.js';
import { InstallationSecrets1795676000000 } from './1795676000000-InstallationSecrets.js';
import { NotificationReads1795676000001 } from './1795676000001-NotificationReads.js';
import { UserPreferences1795678000000 } from './1795678000000-UserPreferences.js';
import { Documents1795680000000 } from './1795680000000-Documents.js';
import { SpreadsheetImports1795679000000 } from './1795679000000-SpreadsheetImports.js';

/** Every migration, in order. Listed explicitly so builds and tests load the same set. */
export const migrations = [
  InitialSchema1795657974201,
  ReminderPlan1795658439006,
  AccessAndAudit1795659881202,
  CalendarFeeds1795660632895,
  TermsAndDecisions1795663007863,
  AgreementRegisterText1795671000000,
  ReminderPlanWrites1795672000000,
  ReminderPlanWithoutRowChecks1795673000000,
  RegisterCounts1795674000000,
  BoundedExpiry1795675000000,
  InstallationSecrets1795676000000,
  NotificationReads1795676000001,
  UserPreferences1795678000000,
  Documents1795680000000,
  SpreadsheetImports1795679000000,
];
