import { hash } from '@node-rs/argon2';
import type { JwtService } from '@nestjs/jwt';
import type { DataSource } from 'typeorm';
import type { Role } from '../../libs/domain/src/index.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  agency: string;
  token: string;
}

/** One user per role in MDES, plus an officer of another agency, each with a live token. */
export async function createTestUsers(
  db: DataSource,
  jwt: JwtService,
): Promise<Record<Role | 'otherOfficer', TestUser>> {
  const passwordHash = await hash(TEST_PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const specs: Array<[Role | 'otherOfficer', Role, string, string]> = [
    ['admin', 'admin', 'admin@mdes.go.th', 'MDES'],
    ['officer', 'officer', 'officer@mdes.go.th', 'MDES'],
    ['manager', 'manager', 'manager@mdes.go.th', 'MDES'],
    ['auditor', 'auditor', 'auditor@oag.go.th', 'OAG'],
    ['otherOfficer', 'officer', 'officer@depa.or.th', 'DEPA'],
  ];
  const users = {} as Record<Role | 'otherOfficer', TestUser>;
  for (const [key, role, email, agency] of specs) {
    const [{ id }] = await db.query(
      `INSERT INTO app_user (email, display_name, role, agency, password_hash, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, 'test', 'test') RETURNING id`,
      [email, `Test ${key}`, role, agency, passwordHash],
    );
    users[key] = { id, email, role, agency, token: await jwt.signAsync({ sub: id, role, sv: 1 }) };
  }
  return users;
}
