/** Sign-in at the desk: local accounts, scrypt-hashed passwords; every sign-in is audited. */
import type { Role } from '../../../preload/contract/schemas';
import { refuse } from '../errors';
import { SYSTEM, type Actor } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { verifyPassword } from './passwords';

/** Where a person's sign-in data comes from (the town's people; wired in app-core.ts). */
export interface Accounts {
  credentials(username: string): Promise<{ readonly id: string; readonly passwordHash: string; readonly roles: readonly Role[] } | null>;
}

export class AuthService {
  constructor(
    private readonly kernel: Kernel,
    private readonly accounts: Accounts,
  ) {}

  async login(username: string, password: string): Promise<Actor> {
    const account = await this.accounts.credentials(username);
    // Same work whether or not the user exists, so timing does not tell which usernames are real.
    const ok = await verifyPassword(password, account?.passwordHash ?? 'scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    // The attempt is audited as the person it names (the system's, for a username nobody has).
    const actor: Actor = account ? { id: account.id, roles: [...account.roles] } : SYSTEM;
    await this.kernel.run(
      { name: ok && account ? 'login' : 'login.failed', actor, audit: { entity: 'person', entityId: account?.id ?? null, detail: { username } } },
      async () => undefined,
    );
    if (!account || !ok) refuse('bad_credentials', 'wrong username or password');
    return actor;
  }
}
