/** Sign-in at the desk: local accounts, scrypt-hashed passwords; every sign-in is audited. */
import type { Role } from '../../../preload/contract/schemas';
import type { Clock } from '../kernel/clock';
import type { Db } from '../db/db';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import { verifyPassword } from './passwords';

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async login(username: string, password: string): Promise<Actor> {
    const row = await this.db.read((sql) =>
      sql.get<{ id: string; password_hash: string; roles: string }>(`SELECT id, password_hash, roles FROM person WHERE username = ?`, [username]),
    );
    // Same work whether or not the user exists, so timing does not tell which usernames are real.
    const ok = await verifyPassword(password, row?.password_hash ?? 'scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    const at = this.clock.now().toISOString();
    await this.db.write((sql) =>
      sql.run(`INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail) VALUES (?,?,?,?,?,?)`, [
        at, row?.id ?? null, ok && row ? 'login' : 'login.failed', 'person', row?.id ?? null, JSON.stringify({ username }),
      ]),
    );
    if (!row || !ok) refuse('bad_credentials', 'wrong username or password');
    return { id: row.id, roles: row.roles.split(',').filter(Boolean) as Role[] };
  }
}
