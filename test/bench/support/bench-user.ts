import { JwtService } from '@nestjs/jwt';
import type { DataSource } from 'typeorm';

/**
 * A user `<role>@bench.example` written straight into the table (no password: benches
 * never sign in) and an access token for it, signed with the secret the bench gives its
 * API, so requests pass the guard as that role without a login round trip. It expires (in
 * a day, longer than any run): the API refuses a token without exp.
 */
export async function benchUserToken(
  db: DataSource,
  jwtSecret: string,
  role: 'manager' | 'auditor',
  agency: string,
): Promise<string> {
  const [{ id }]: Array<{ id: string }> = await db.query(
    `INSERT INTO app_user (email, display_name, role, agency, password_hash, created_by, updated_by)
     VALUES ($1, $2, $3, $4, 'not-a-hash', 'bench', 'bench')
     ON CONFLICT ON CONSTRAINT uq_app_user_email DO UPDATE SET role = $3
     RETURNING id`,
    [`${role}@bench.example`, `Bench ${role}`, role, agency],
  );
  return new JwtService({ secret: jwtSecret }).signAsync({ sub: id, role, sv: 1 }, { expiresIn: '1d' });
}
