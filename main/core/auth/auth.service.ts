/**
 * Sign-in at the desk: local accounts, scrypt-hashed passwords, every attempt audited. It holds:
 *   - 5 failures in a row lock the account for 15 minutes (sign-in, screen unlock, a handover
 *     signature and a password change count together); an administrator can unlock it;
 *   - per-address backoff (sign-in-guard.ts); an unknown username costs the same scrypt work as a
 *     known one and locks the same way;
 *   - each person changes their own password (the rule: preload/contract/password-policy.ts); an
 *     administrator's reset gives a one-time password that must be changed at the next sign-in;
 *   - the demo password works only in the demo town;
 *   - the desk locks its screen after the idle time the administrator sets (the session's lock is
 *     kept by the door, main/ipc/handlers.ts; unlocking asks for the password here).
 * Every write is a kernel command; a failure is a committed command of its own (then refused), so the
 * count survives the refusal.
 */
import { IDLE_LOCK_DEFAULT_MINUTES, type AccountSettings, type AccountSummary } from '../../../preload/contract/account-schemas';
import { checkPassword, DEMO_PASSWORD } from '../../../preload/contract/password-policy';
import type { Role } from '../../../preload/contract/schemas';
import { BEIJING_OFFSET_MS } from '../beijing-time';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { SYSTEM, type Actor } from '../kernel/actor';
import type { CommandSpec, Kernel, Tx } from '../kernel/command-runner';
import { getMeta, setMeta } from '../kernel/meta.repository';
import { permit } from '../kernel/permissions';
import { AccountRepository, type AccountRow } from './account.repository';
import { DEFAULT_KDF_LOG_N, dummyHashLike, hashPassword, kdfParams, oneTimePassword, verifyPassword } from './passwords';
import { AddressBackoff, LOCK_AFTER_FAILURES, LOCK_MS, UnknownNames } from './sign-in-guard';

const IDLE_LOCK_KEY = 'idle_lock_minutes';

export interface AuthOptions {
  /** Cost of new hashes (log2 N); tests lower it. */
  readonly kdfLogN?: number;
  /** Whether this is the demo town (the demo password is refused everywhere else). */
  readonly isDemo: () => boolean;
}

export interface SignedIn {
  readonly actor: Actor;
  /** Signed in with a one-time password: the session may only change it. */
  readonly mustChangePassword: boolean;
}

/** What a failed check is recorded as: the caller's command name and audit row (the failure count is added to it). */
export type FailureRecord = Pick<CommandSpec, 'name' | 'actor' | 'audit'>;

function beijingHm(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(11, 16);
}

/** Also what the handover's signing asks of sign-in (its SignerPasswords: check, succeeded), wired in app-core.ts. */
export class AuthService {
  private readonly repo = new AccountRepository();
  private readonly addresses = new AddressBackoff();
  private readonly unknownNames = new UnknownNames();
  private readonly kdfLogN: number;
  /** What an unknown username is checked against: the parameters most accounts' hashes have. */
  private dummyHash = dummyHashLike('');
  private idleLockMinutes = IDLE_LOCK_DEFAULT_MINUTES;

  constructor(
    private readonly kernel: Kernel,
    private readonly options: AuthOptions,
  ) {
    this.kdfLogN = options.kdfLogN ?? DEFAULT_KDF_LOG_N;
  }

  async init(): Promise<void> {
    await this.kernel.read(async (sql) => {
      const stored = Number(await getMeta(sql, IDLE_LOCK_KEY));
      if (Number.isInteger(stored) && stored > 0) this.idleLockMinutes = stored;
      await this.refreshDummy(sql);
    });
  }

  private async refreshDummy(sql: Sql): Promise<void> {
    const counts = new Map<string, { n: number; hash: string }>();
    for (const { password_hash } of await this.repo.hashes(sql)) {
      const params = kdfParams(password_hash);
      if (!params) continue;
      const entry = counts.get(params) ?? { n: 0, hash: password_hash };
      entry.n += 1;
      counts.set(params, entry);
    }
    const most = [...counts.values()].sort((a, b) => b.n - a.n)[0];
    this.dummyHash = dummyHashLike(most?.hash ?? `scrypt$${this.kdfLogN}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`);
  }

  private now(): number {
    return this.kernel.clock.now().getTime();
  }

  /** The idle time before a desk locks its screen (every session is told it). */
  idleMinutes(): number {
    return this.idleLockMinutes;
  }

  // ---- checks ---------------------------------------------------------------------------------

  /** Refuses while the address must wait (before any lookup or scrypt work). */
  private throttle(address: string): void {
    const wait = this.addresses.waitMs(address, this.now());
    if (wait > 0) refuse('too_many_attempts', `too many failed attempts from this address; wait ${Math.ceil(wait / 1000)} s`, { seconds: Math.ceil(wait / 1000) });
  }

  private lockOf(row: AccountRow): number | null {
    const until = row.locked_until ? Date.parse(row.locked_until) : NaN;
    return until > this.now() ? until : null;
  }

  private refuseLocked(until: number): never {
    const minutes = Math.max(1, Math.ceil((until - this.now()) / 60_000));
    refuse('account_locked', `account locked until ${new Date(until).toISOString()}`, { until: beijingHm(until), minutes });
  }

  /** The scrypt check, the same work for a known and an unknown account; the demo password only in the demo town. */
  private async passwordMatches(row: AccountRow | undefined, password: string): Promise<boolean> {
    const matches = await verifyPassword(password, row?.password_hash ?? this.dummyHash);
    return matches && !!row && (this.options.isDemo() || password.normalize('NFKC') !== DEMO_PASSWORD);
  }

  /** A deactivated person (main/core/town/admin) cannot sign in, sign or unlock: said only once the password matched. */
  private refuseInactive(row: AccountRow): void {
    if (row.active === 0) refuse('account_inactive', 'this account is deactivated', { name: row.name });
  }

  /** Counts one failure of the account in the caller's command; returns the lock it led to, or how many tries are left. */
  private async countFailure(tx: Tx, personId: string, via: string): Promise<{ lockedUntil: number | null; remaining: number }> {
    const row = await this.repo.byId(tx.sql, personId);
    if (!row) return { lockedUntil: null, remaining: LOCK_AFTER_FAILURES };
    const at = Date.parse(tx.at);
    const expired = row.locked_until !== null && Date.parse(row.locked_until) <= at;
    const failures = (expired ? 0 : row.failed_attempts) + 1;
    if (failures >= LOCK_AFTER_FAILURES) {
      const until = at + LOCK_MS;
      await this.repo.setFailures(tx.sql, personId, failures, new Date(until).toISOString());
      await tx.audit('account.locked', 'person', personId, { failures, until: new Date(until).toISOString(), via });
      tx.emit({ topic: 'accounts' });
      return { lockedUntil: until, remaining: 0 };
    }
    await this.repo.setFailures(tx.sql, personId, failures, null);
    return { lockedUntil: null, remaining: LOCK_AFTER_FAILURES - failures };
  }

  private refuseFailure(outcome: { lockedUntil: number | null; remaining: number }): never {
    if (outcome.lockedUntil) this.refuseLocked(outcome.lockedUntil);
    refuse('bad_credentials', 'wrong username or password', outcome.remaining <= 2 ? { remaining: outcome.remaining } : {});
  }

  /** Refuses the demo password outside the demo town before anything else (it can never work here). */
  private refuseDemoPassword(password: string): void {
    if (!this.options.isDemo() && password.normalize('NFKC') === DEMO_PASSWORD) {
      refuse('bad_credentials', 'the demo password works only in the demo town', { demo: 'true' });
    }
  }

  /**
   * A signed-in person's password, checked (handover signature, screen unlock, password change):
   * refused while the address must wait or the account is locked, before any scrypt work; a wrong
   * password is recorded as `failure` and counts toward the lock.
   */
  async check(personId: string, password: string, address: string, failure: FailureRecord): Promise<void> {
    this.throttle(address);
    this.refuseDemoPassword(password);
    const row = await this.kernel.read((sql) => this.repo.byId(sql, personId));
    if (row) {
      const locked = this.lockOf(row);
      if (locked) this.refuseLocked(locked);
    }
    if (await this.passwordMatches(row, password)) {
      this.addresses.succeeded(address);
      this.refuseInactive(row!);
      return;
    }
    this.addresses.failed(address, this.now());
    const via = failure.name;
    const outcome = row ? await this.kernel.run(failure, (tx) => this.countFailure(tx, row.id, via)) : { lockedUntil: null, remaining: LOCK_AFTER_FAILURES };
    this.refuseFailure(outcome);
  }

  async succeeded(sql: Sql, personId: string): Promise<void> {
    const row = await this.repo.byId(sql, personId);
    if (row && (row.failed_attempts > 0 || row.locked_until)) await this.repo.setFailures(sql, personId, 0, null);
  }

  // ---- sign-in --------------------------------------------------------------------------------

  async login(username: string, password: string, address = 'local'): Promise<SignedIn> {
    this.throttle(address);
    this.refuseDemoPassword(password);
    const row = await this.kernel.read((sql) => this.repo.byUsername(sql, username));
    const lockedUntil = row ? this.lockOf(row) : this.unknownNames.lockedUntil(username, this.now());
    if (lockedUntil) this.refuseLocked(lockedUntil);
    // Same work whether or not the user exists, so timing does not tell which usernames are real.
    const ok = await this.passwordMatches(row, password);
    // The attempt is audited as the person it names (the system's, for a username nobody has).
    const actor: Actor = row ? { id: row.id, roles: row.roles.split(',').filter(Boolean) as Role[] } : SYSTEM;
    const audit = { entity: 'person', entityId: row?.id ?? null, detail: { username, address } };
    if (!ok || !row) {
      this.addresses.failed(address, this.now());
      if (!row) {
        await this.kernel.run({ name: 'login.failed', actor, audit }, async () => undefined);
        const ghost = this.unknownNames.failed(username, this.now());
        this.refuseFailure({ lockedUntil: ghost.lockedUntil, remaining: LOCK_AFTER_FAILURES - ghost.failures });
      }
      const outcome = await this.kernel.run({ name: 'login.failed', actor, audit }, (tx) => this.countFailure(tx, row.id, 'login'));
      this.refuseFailure(outcome);
    }
    this.addresses.succeeded(address);
    this.refuseInactive(row);
    await this.kernel.run({ name: 'login', actor, audit }, (tx) => this.succeeded(tx.sql, row.id));
    return { actor, mustChangePassword: row.must_change_password === 1 };
  }

  /** Whether the person still has to replace a one-time password (read at every session:me). */
  async mustChange(personId: string): Promise<boolean> {
    const row = await this.kernel.read((sql) => this.repo.byId(sql, personId));
    return row?.must_change_password === 1;
  }

  /** The person's own password: the old one (counted like a sign-in), then the rule for the new one. */
  async changePassword(actor: Actor, oldPassword: string, newPassword: string, address = 'local'): Promise<void> {
    // A repeat of a change that went through (the client's command id): done, without asking for the old password again.
    if (await this.kernel.ranBefore('account.password_changed')) return;
    const row = await this.kernel.read((sql) => this.repo.byId(sql, actor.id));
    if (!row) refuse('unauthenticated', 'this account no longer exists');
    // The rule first: a refused new password says nothing about the old one.
    const rule = checkPassword(newPassword, { username: row.username, oldPassword });
    if (!rule.ok) refuse('weak_password', `the new password breaks the rule: ${rule.issues.join(', ')}`, { reason: rule.issues[0] });
    await this.check(actor.id, oldPassword, address, { name: 'account.password_change_failed', actor, audit: { entity: 'person', entityId: actor.id } });
    const hash = await hashPassword(newPassword, this.kdfLogN);
    await this.kernel.run(
      { name: 'account.password_changed', actor, audit: { entity: 'person', entityId: actor.id, detail: { oneTime: row.must_change_password === 1 } } },
      async (tx) => {
        await this.repo.setPassword(tx.sql, actor.id, hash, false, tx.at);
        tx.emit({ topic: 'accounts' });
      },
    );
  }

  // ---- the idle lock of the screen --------------------------------------------------------------

  lockScreen(actor: Actor): Promise<void> {
    return this.kernel.run({ name: 'session.lock', actor, audit: { entity: 'person', entityId: actor.id } }, async () => undefined);
  }

  async unlockScreen(actor: Actor, password: string, address = 'local'): Promise<void> {
    await this.check(actor.id, password, address, { name: 'session.unlock_failed', actor, audit: { entity: 'person', entityId: actor.id } });
    await this.kernel.run({ name: 'session.unlock', actor, audit: { entity: 'person', entityId: actor.id } }, (tx) => this.succeeded(tx.sql, actor.id));
  }

  // ---- the administrator's ----------------------------------------------------------------------

  async accounts(actor: Actor): Promise<AccountSummary[]> {
    permit(actor, 'manageAccounts');
    const rows = await this.kernel.read((sql) => this.repo.all(sql));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      username: r.username,
      roles: r.roles.split(',').filter(Boolean) as Role[],
      failedAttempts: this.lockOf(r) || !r.locked_until ? r.failed_attempts : 0,
      lockedUntil: this.lockOf(r) ? r.locked_until : null,
      mustChangePassword: r.must_change_password === 1,
      passwordChangedAt: r.password_changed_at,
    }));
  }

  async unlockAccount(actor: Actor, personId: string): Promise<void> {
    await this.kernel.run({ name: 'account.unlock', actor, permission: 'manageAccounts' }, async (tx) => {
      const row = await this.repo.byId(tx.sql, personId);
      if (!row) refuse('not_found', `no account ${personId}`, { id: personId });
      await this.repo.setFailures(tx.sql, personId, 0, null);
      await tx.audit('account.unlock', 'person', personId, { username: row.username, wasLockedUntil: row.locked_until, failures: row.failed_attempts });
      tx.emit({ topic: 'accounts' });
    });
  }

  /** A one-time password for the person (shown to the administrator once); they must replace it at the next sign-in. */
  async resetPassword(actor: Actor, personId: string): Promise<string> {
    permit(actor, 'manageAccounts');
    // The password is never stored as a command's result, so a repeat cannot return it: it is refused.
    if (await this.kernel.ranBefore('account.password_reset')) refuse('already_decided', 'this reset was already done; reset again for a new one-time password');
    const password = oneTimePassword();
    const hash = await hashPassword(password, this.kdfLogN);
    await this.kernel.run({ name: 'account.password_reset', actor, permission: 'manageAccounts' }, async (tx) => {
      const row = await this.repo.byId(tx.sql, personId);
      if (!row) refuse('not_found', `no account ${personId}`, { id: personId });
      await this.repo.setPassword(tx.sql, personId, hash, true, tx.at);
      // The audit names whose password was reset, never the password.
      await tx.audit('account.password_reset', 'person', personId, { username: row.username });
      tx.emit({ topic: 'accounts' });
    });
    return password;
  }

  /**
   * A new account's one-time password and its hash (the town's admin pages, main/core/town/admin): the
   * caller stores the hash with must-change in its own command and shows the password once, like a reset.
   */
  async newOneTimePassword(): Promise<{ password: string; hash: string }> {
    const password = oneTimePassword();
    return { password, hash: await hashPassword(password, this.kdfLogN) };
  }

  /** The hash of a person without an account: nothing anybody knows, with the usual parameters (a sign-in as them costs the same work). */
  noAccountHash(): string {
    return dummyHashLike(this.dummyHash);
  }

  settings(actor: Actor): AccountSettings {
    permit(actor, 'manageAccounts');
    return { idleLockMinutes: this.idleLockMinutes };
  }

  async setSettings(actor: Actor, update: { idleLockMinutes: number }): Promise<AccountSettings> {
    await this.kernel.run(
      {
        name: 'accounts.settings',
        actor,
        permission: 'manageAccounts',
        audit: { entity: 'settings', entityId: IDLE_LOCK_KEY, detail: { from: this.idleLockMinutes, to: update.idleLockMinutes } },
      },
      async (tx) => {
        await setMeta(tx.sql, IDLE_LOCK_KEY, String(update.idleLockMinutes));
        tx.afterCommit(() => {
          this.idleLockMinutes = update.idleLockMinutes;
        });
        tx.emit({ topic: 'accounts' });
      },
    );
    return { idleLockMinutes: this.idleLockMinutes };
  }
}
