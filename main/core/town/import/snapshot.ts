/**
 * The town as the import reads it: what a preview compares with, and its fingerprint (an apply whose
 * town changed since the preview is refused). The rows are the town repository's
 * (main/core/town/town.repository.ts), in a fixed order; the apply writes through the same repository.
 */
import { createHash } from 'node:crypto';
import type { Sql } from '../../db/db';
import { TownRepository, type CatalogueRow, type GridRow, type PersonRow, type PostRow, type VillageRow } from '../town.repository';

export type PersonNow = PersonRow;
export type PostNow = PostRow;
export type VillageNow = VillageRow;
export type GridNow = GridRow;
export type ItemNow = CatalogueRow;

export interface TownNow {
  readonly boards: { code: string; name: string }[];
  readonly people: PersonNow[];
  readonly posts: PostNow[];
  readonly villages: VillageNow[];
  readonly grids: GridNow[];
  readonly items: ItemNow[];
  /** SHA-256 of all of the above: equal fingerprints, the same town. */
  readonly fingerprint: string;
}

const repo = new TownRepository();

export async function readTown(sql: Sql): Promise<Omit<TownNow, 'fingerprint'>> {
  return {
    boards: await repo.boards(sql, 'code'),
    people: await repo.people(sql, 'id'),
    posts: await repo.posts(sql, 'id'),
    villages: await repo.villages(sql),
    grids: await repo.grids(sql),
    items: await repo.catalogue(sql),
  };
}

/** A digest of what the import reads: any change to the town's standing data changes it. */
export function fingerprintOf(town: Omit<TownNow, 'fingerprint'>): string {
  const hash = createHash('sha256');
  for (const part of [town.boards, town.people, town.posts, town.villages, town.grids, town.items]) {
    for (const row of part) hash.update(JSON.stringify(row)).update('\n');
    hash.update('\u0001');
  }
  return hash.digest('hex');
}

export async function snapshot(sql: Sql): Promise<TownNow> {
  const town = await readTown(sql);
  return { ...town, fingerprint: fingerprintOf(town) };
}

/** The town's fingerprint, read inside the apply's transaction. */
export async function currentFingerprint(sql: Sql): Promise<string> {
  return fingerprintOf(await readTown(sql));
}
