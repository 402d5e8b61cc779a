/**
 * SQL of an account's sign-in columns of `person`: the password hash, the failures in a row, the lock,
 * the must-change mark of a one-time password and when the password last changed. The town owns the
 * rest of the row (name, phone, roles: main/core/town); sign-in reads those, never writes them.
 */
import type { Sql } from '../db/db';

export interface AccountRow {
  id: string;
  name: string;
  username: string;
  roles: string;
  password_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  must_change_password: number;
  password_changed_at: string | null;
  /** 0: deactivated by the administrator (cannot sign in; main/core/town/admin). */
  active: number;
}

const COLUMNS = `id, name, username, roles, password_hash, failed_attempts, locked_until, must_change_password, password_changed_at, active`;

/** A person with no account has a username of this prefix (never a valid sign-in name) and a hash nobody knows. */
export const NO_ACCOUNT_PREFIX = '~';

export class AccountRepository {
  byUsername(sql: Sql, username: string): Promise<AccountRow | undefined> {
    return sql.get<AccountRow>(`SELECT ${COLUMNS} FROM person WHERE username = ?`, [username]);
  }

  byId(sql: Sql, id: string): Promise<AccountRow | undefined> {
    return sql.get<AccountRow>(`SELECT ${COLUMNS} FROM person WHERE id = ?`, [id]);
  }

  /** The accounts (people without one are not listed). */
  all(sql: Sql): Promise<AccountRow[]> {
    return sql.all<AccountRow>(`SELECT ${COLUMNS} FROM person WHERE substr(username, 1, 1) <> '${NO_ACCOUNT_PREFIX}' ORDER BY username`);
  }

  /** The stored hashes (for the parameters an unknown user is checked with). */
  hashes(sql: Sql): Promise<{ password_hash: string }[]> {
    return sql.all<{ password_hash: string }>(`SELECT password_hash FROM person`);
  }

  setFailures(sql: Sql, id: string, failedAttempts: number, lockedUntil: string | null): Promise<void> {
    return sql.run(`UPDATE person SET failed_attempts = ?, locked_until = ? WHERE id = ?`, [failedAttempts, lockedUntil, id]);
  }

  setPassword(sql: Sql, id: string, passwordHash: string, mustChange: boolean, at: string): Promise<void> {
    return sql.run(`UPDATE person SET password_hash = ?, must_change_password = ?, password_changed_at = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?`, [
      passwordHash,
      mustChange ? 1 : 0,
      at,
      id,
    ]);
  }
}
