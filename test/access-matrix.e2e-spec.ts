import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serverRoutes } from './support/server-routes.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Who may call what, route by route. The test walks the app's own route table, so a new
 * route that is not in this table fails here until someone decides who may call it.
 */
type Caller = 'anonymous' | 'admin' | 'officer' | 'manager' | 'auditor';
const everyone: Caller[] = ['admin', 'officer', 'manager', 'auditor'];
const editors: Caller[] = ['officer', 'manager'];
const admin: Caller[] = ['admin'];
const trail: Caller[] = ['auditor', 'admin', 'manager'];

const policy: Record<string, Caller[] | 'public'> = {
  'GET /health': 'public',
  'POST /auth/login': 'public',
  'POST /auth/refresh': 'public',
  'GET /auth/me': everyone,
  'PATCH /auth/me': everyone,
  'POST /auth/logout': everyone,
  'POST /auth/password': everyone,
  'GET /agreements': everyone,
  'POST /agreements': editors,
  'GET /agreements/:id': everyone,
  'PATCH /agreements/:id': editors,
  'POST /agreements/:id/status': editors,
  'POST /agreements/:id/archive': editors,
  'POST /agreements/:id/restore': editors,
  'GET /agreements/:id/milestones': everyone,
  'POST /agreements/:id/milestones': editors,
  'GET /agreements/:id/reminders': everyone,
  'GET /agreements/:id/terms': everyone,
  'POST /agreements/:id/decision': ['manager'],
  'POST /agreements/:id/renewals': ['manager'],
  'POST /agreements/:id/termination': editors,
  'GET /agreements/:id/history': trail,
  'GET /milestones': everyone,
  'GET /milestones/:id': everyone,
  'PATCH /milestones/:id': editors,
  'POST /milestones/:id/archive': editors,
  'POST /milestones/:id/restore': editors,
  'GET /agreements/:id/documents': everyone,
  'POST /agreements/:id/documents': editors,
  'GET /milestones/:id/documents': everyone,
  'GET /documents/:id': everyone,
  'PATCH /documents/:id': editors,
  'POST /documents/:id/versions': editors,
  'POST /documents/:id/archive': editors,
  'POST /documents/:id/restore': editors,
  // Auditors read and download every document.
  'GET /documents/:id/versions/:n/content': everyone,
  'GET /documents/:id/versions/:n/preview': everyone,
  'GET /deadlines': everyone,
  'GET /dashboard': everyone,
  'POST /calendar/feeds': everyone,
  'GET /calendar/feeds': everyone,
  'DELETE /calendar/feeds/:id': everyone,
  // The token in the URL is the credential; unknown tokens are 404.
  'GET /calendar/:token.ics': 'public',
  'GET /reminders': everyone,
  'POST /reminders/:id/retry': ['manager', 'admin'],
  'GET /notifications': everyone,
  'POST /notifications/:id/read': ['admin', 'officer', 'manager'],
  'GET /webhooks': ['admin', 'auditor'],
  'GET /webhooks/:id': ['admin', 'auditor'],
  'POST /webhooks': admin,
  'DELETE /webhooks/:id': admin,
  'GET /cooperation-areas': everyone,
  'POST /cooperation-areas': admin,
  'GET /countries': everyone,
  'GET /users': admin,
  'POST /users': admin,
  'GET /users/:id': admin,
  'PATCH /users/:id': admin,
  'GET /audit-events': trail,
  'GET /audit-events/verify': trail,
  'GET /reports/agreements': trail,
  'GET /reports/deadlines': trail,
  'GET /reports/milestones': trail,
  'GET /reports/audit-events': trail,
  // Spreadsheet imports write records: officers (their own agency's rows) and managers.
  'POST /imports': editors,
  'GET /imports': editors,
  'GET /imports/fields': editors,
  'GET /imports/template.xlsx': editors,
  'GET /imports/:id': editors,
  'PUT /imports/:id/mapping': editors,
  'POST /imports/:id/dry-run': editors,
  'GET /imports/:id/rows': editors,
  'GET /imports/:id/problems.xlsx': editors,
  'GET /imports/:id/problems.csv': editors,
  'POST /imports/:id/commit': editors,
  'POST /imports/:id/undo': editors,
  'GET /import-mappings': editors,
  'POST /import-mappings': editors,
};

const callers: Caller[] = ['anonymous', ...everyone];

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

function call(caller: Caller, method: string, path: string) {
  const agent = caller === 'anonymous' ? t.anonymous : t.as(caller);
  // A well-formed id that names nothing: the guard answers before any lookup would.
  const url = path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
  return agent[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url).send({});
}

describe('access, route by route and role by role', () => {
  it('has a decision for every route the app serves, and no decision for a route it lacks', () => {
    const served = serverRoutes(t.app)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(served).toEqual(Object.keys(policy).sort());
  });

  // Signing out ends the caller's session, so those cases go last.
  const endsSession = (route: string) => route === 'POST /auth/logout';
  const cases = Object.entries(policy)
    .sort(([a], [b]) => Number(endsSession(a)) - Number(endsSession(b)))
    .flatMap(([route, allowed]) => callers.map((caller) => [route, caller, allowed] as const));

  it.each(cases)('%s as %s', async (route, caller, allowed) => {
    const [method, path] = route.split(' ');
    const res = await call(caller, method, path);
    if (allowed === 'public') {
      expect([401, 403]).not.toContain(res.status);
    } else if (caller === 'anonymous') {
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    } else if (allowed.includes(caller)) {
      expect([401, 403]).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    } else {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
  });
});
