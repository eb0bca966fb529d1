import type { AuthUser } from '../api/client';

/**
 * What the console offers each role. The API remains the guard; these only keep controls
 * that would be refused off the screen. Mirror the API's route decorators.
 */
export const can = {
  /** GET /reports/*: ReportReaders in reports.controller.ts */
  export: (user: AuthUser | null) => !!user && ['auditor', 'manager', 'admin'].includes(user.role),
  /** /imports, /import-mappings: ImportersOnly in imports.controller.ts (officers and managers) */
  import: (user: AuthUser | null) => !!user && ['officer', 'manager'].includes(user.role),
};
