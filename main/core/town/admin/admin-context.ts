/**
 * What the town's admin pages share (people-admin.ts, posts-admin.ts, grids-admin.ts): the kernel, the
 * town in memory, the repository, sign-in's account helpers and the feed; a record as the audit keeps
 * it; a person's upsert for the district (posts change whom a person holds); and what follows a
 * committed change.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../../../../preload/contract/schemas';
import { NO_ACCOUNT_PREFIX } from '../../auth/account.repository';
import { refuse } from '../../errors';
import type { ChangeFeed } from '../../feed';
import type { Tx } from '../../kernel';
import type { Kernel } from '../../kernel/command-runner';
import type { TownService } from '../town.service';
import { TownRepository, type GridRow, type PersonRow, type PersonValues, type PostRow } from '../town.repository';
import { personPayload } from './town-sync';

/** What a sync sink took, for the page's command to audit (sync's UpsertTaken, by shape: town does not import sync). */
export interface TownSynced {
  readonly audit: {
    readonly action: 'person.synced' | 'post.synced' | 'grid.synced';
    readonly entity: string;
    readonly entityId: string;
    readonly detail: Record<string, unknown>;
  };
}

/** What the admin pages ask of sign-in (AuthService satisfies it): a new account's password, a no-account hash. */
export interface AdminAccounts {
  newOneTimePassword(): Promise<{ password: string; hash: string }>;
  noAccountHash(): string;
}

export const roles = (r: string): Role[] => r.split(',').filter(Boolean) as Role[];
export const hasAccount = (username: string): boolean => !username.startsWith(NO_ACCOUNT_PREFIX);

/** A person as the audit keeps them (no password, no hash). */
export function personAudit(r: PersonRow): Record<string, unknown> {
  return { name: r.name, phone: r.phone, roles: roles(r.roles), boardCode: r.board_code, active: r.active === 1, username: hasAccount(r.username) ? r.username : null };
}

export function postAudit(r: PostRow): Record<string, unknown> {
  return { code: r.code, name: r.name, boardCode: r.board_code, kind: r.kind, phone: r.phone, aPersonId: r.a_person_id, bPersonId: r.b_person_id, active: r.active === 1 };
}

/** A shape as the audit and the lists name it: its type, its points, and a digest that tells two shapes apart. */
export function shapeSummary(geometryJson: string): { type: string; points: number; sha256: string } | null {
  const g = JSON.parse(geometryJson) as { type?: string; coordinates?: unknown } | null;
  if (!g || typeof g.type !== 'string') return null;
  const count = (v: unknown): number => (Array.isArray(v) ? (typeof v[0] === 'number' ? 1 : v.reduce((n: number, x) => n + count(x), 0)) : 0);
  return { type: g.type, points: count(g.coordinates), sha256: createHash('sha256').update(geometryJson).digest('hex').slice(0, 16) };
}

export function gridAudit(r: GridRow): Record<string, unknown> {
  return {
    code: r.code,
    name: r.name,
    village: r.village,
    villageCode: r.village_code,
    households: r.households,
    gridWorkerId: r.grid_worker_id,
    shape: shapeSummary(r.geometry),
  };
}

/** A person's row as the values every write of it takes. */
export function personValues(row: PersonRow, changes: Pick<PersonValues, 'version' | 'hlc'> & Partial<PersonValues>): PersonValues {
  return { name: row.name, phone: row.phone, roles: roles(row.roles), boardCode: row.board_code, active: row.active === 1, ...changes };
}

export class AdminContext {
  readonly repo = new TownRepository();

  constructor(
    readonly kernel: Kernel,
    readonly town: TownService,
    readonly accounts: AdminAccounts,
    private readonly feed: ChangeFeed,
  ) {}

  checkBoard(boardCode: string | null): void {
    if (boardCode !== null && !this.town.boards.some((b) => b.code === boardCode)) refuse('unknown_board', `no board ${boardCode}`, { code: boardCode });
  }

  /** The person's upsert for the district, with the posts they hold now. */
  async sendPerson(tx: Tx, id: string, v: PersonValues): Promise<void> {
    const held = await this.repo.postsHeldBy(tx.sql, id);
    await tx.outbox({
      entity: 'person',
      entityId: id,
      kind: 'upsert',
      baseVersion: v.version - 1,
      payload: personPayload({ ...v, postIds: held.map((p) => p.id) }),
      hlc: v.hlc,
      at: tx.at,
    });
  }

  /** A fresh stamp of a person row (after a change of the posts they hold: their `postIds`). */
  async restampPerson(tx: Tx, id: string): Promise<void> {
    const row = await this.repo.person(tx.sql, id);
    if (!row) return;
    const v = personValues(row, { version: row.version + 1, hlc: tx.hlc.now() });
    await this.repo.updatePerson(tx.sql, id, v);
    await this.sendPerson(tx, id, v);
  }

  /** After a committed change: the town in memory follows, the pages re-read. */
  async changed(accounts = false): Promise<void> {
    await this.town.reload();
    this.feed.emit({ topic: 'town' });
    if (accounts) this.feed.emit({ topic: 'accounts' });
  }
}
