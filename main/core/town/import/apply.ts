/**
 * The writes of an import, inside the kernel's one transaction: boards, people, accounts, posts,
 * villages, grids and catalogue items, and an upsert op for the district of every person, post and
 * grid that changed (PROTOCOL.md v1.1: `person`, `post`, `grid`; the catalogue is the district's and
 * is not sent). A person's op never carries a username, password, hash or session.
 */
import type { Tx } from '../../kernel/command-runner';
import { gridEntityId, gridPayload, personPayload, postPayload } from '../admin/town-sync';
import { TownRepository } from '../town.repository';
import { itemRow, noAccount, type ImportWrites } from './plan';

const repo = new TownRepository();

export interface AccountSecrets {
  /** person id → the hash of their new one-time password. */
  readonly oneTime: ReadonlyMap<string, string>;
  /** A hash nobody knows (a closed account, a person without one), with the accounts' own scrypt parameters. */
  readonly none: () => string;
}

export async function applyWrites(tx: Tx, writes: ImportWrites, secrets: AccountSecrets): Promise<void> {
  const sql = tx.sql;
  for (const b of writes.boards) await repo.insertBoard(sql, b);

  // Accounts of people who exist already go to a name nobody has first, so that two people may swap
  // usernames, or a new person take one another gives up, within the one import.
  const added = new Set(writes.people.filter((w) => !w.before).map((w) => w.after.id));
  const accounts = writes.accounts.filter((a) => !added.has(a.personId));
  for (const a of accounts) await repo.setUsername(sql, a.personId, `${noAccount(a.personId)}~`);

  for (const { before, after, postIds } of writes.people) {
    const version = (before?.version ?? 0) + 1;
    const hlc = tx.hlc.now();
    const row = { ...after, version, hlc };
    if (!before) {
      const oneTime = secrets.oneTime.get(after.id);
      await repo.insertPerson(sql, { ...row, passwordHash: oneTime ?? secrets.none(), mustChangePassword: oneTime !== undefined });
    } else await repo.updatePerson(sql, after.id, row);
    await tx.outbox({ entity: 'person', entityId: after.id, kind: 'upsert', baseVersion: version - 1, payload: personPayload({ ...after, postIds }), hlc, at: tx.at });
  }
  for (const a of accounts) {
    if (a.change === 'added') await repo.setAccount(sql, a.personId, a.username, secrets.oneTime.get(a.personId)!, true);
    else if (a.change === 'deactivated') await repo.setAccount(sql, a.personId, a.username, secrets.none(), false);
    else await repo.setUsername(sql, a.personId, a.username);
  }

  for (const { before, after } of writes.posts) {
    const version = (before?.version ?? 0) + 1;
    const hlc = tx.hlc.now();
    await repo.upsertPost(sql, { ...after, version, hlc });
    await tx.outbox({ entity: 'post', entityId: after.id, kind: 'upsert', baseVersion: version - 1, payload: postPayload(after), hlc, at: tx.at });
  }
  for (const { after } of writes.villages) await repo.upsertVillage(sql, after);
  for (const { before, after } of writes.grids) {
    const version = (before?.version ?? 0) + 1;
    const hlc = tx.hlc.now();
    await repo.upsertGrid(sql, { ...after, gridWorkerId: after.workerId, version, hlc });
    await tx.outbox({
      entity: 'grid',
      entityId: gridEntityId(after.code),
      kind: 'upsert',
      baseVersion: version - 1,
      payload: gridPayload({ ...after, gridWorkerId: after.workerId, geometry: after.geometry ? (JSON.parse(after.geometry) as unknown) : null }),
      hlc,
      at: tx.at,
    });
  }
  for (const { after } of writes.items) await repo.upsertCatalogueItem(sql, itemRow(after));
}
