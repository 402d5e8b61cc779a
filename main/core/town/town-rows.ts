/**
 * The rows of the town's standing tables as SQLite gives them, the values their writers give, and a
 * row in the town's own names (what the town in memory, the admin pages and the import share). The
 * statements that read and write them: town.repository.ts.
 */
import type { Level, Role } from '../../../preload/contract/schemas';
import type { ItemLimits } from '../sla/sla';

export interface PersonRow {
  id: string;
  code: string | null;
  name: string;
  phone: string;
  username: string;
  roles: string;
  available: number;
  active: number;
  board_code: string | null;
  version: number;
  hlc: string;
}

export interface PostRow {
  id: string;
  code: string;
  name: string;
  board_code: string;
  kind: string;
  phone: string;
  a_person_id: string | null;
  b_person_id: string | null;
  active: number;
  version: number;
  hlc: string;
}

export interface VillageRow {
  code: string;
  name: string;
  geometry: string | null;
  active: number;
}

export interface GridRow {
  code: string;
  name: string;
  village: string;
  village_code: string;
  households: number;
  grid_worker_id: string | null;
  /** JSON text of the shape ('null', or '' from an import, when there is none). */
  geometry: string;
  active: number;
  version: number;
  hlc: string;
}

export interface CatalogueRow {
  code: string;
  name: string;
  pinyin: string;
  category_code: string;
  category_name: string;
  board_code: string;
  standard: string;
  lead_post_id: string;
  coop_post_ids: string;
  default_level: string;
  limits: string;
  answer_template: string;
  sensor_types: string;
  active: number;
}

/** A person's fields as every writer keeps them (roles as a list). `code` only when the writer sets it. */
export interface PersonValues {
  code?: string | null;
  name: string;
  phone: string;
  roles: readonly string[];
  boardCode: string | null;
  active: boolean;
  version: number;
  hlc: string;
}

/** A new person's row: the seed gives the first six fields; the columns it leaves out take their defaults. */
export interface NewPerson extends Partial<PersonValues> {
  id: string;
  name: string;
  phone: string;
  username: string;
  passwordHash: string;
  roles: readonly string[];
  mustChangePassword?: boolean;
  passwordChangedAt?: string | null;
}

export interface PostValues extends Omit<Post, 'id' | 'active'> {
  active?: boolean;
  version?: number;
  hlc?: string;
}

export interface GridValues {
  name: string;
  village: string;
  villageCode?: string;
  households: number;
  gridWorkerId: string | null;
  /** JSON text of the shape ('null': none). */
  geometry: string;
  active?: boolean;
  version?: number;
  hlc?: string;
}

/** A catalogue item as the seed writes it (its arrays and limits as values, not JSON). */
export interface NewCatalogueItem {
  code: string;
  name: string;
  pinyin: string;
  categoryCode: string;
  categoryName: string;
  boardCode: string;
  standard: string;
  leadPostId: string;
  cooperatingPostIds: readonly string[];
  defaultLevel: Level;
  limits: ItemLimits;
  answerTemplate: string;
  sensorTypes: readonly string[];
}

// ---- a row in the town's own names ----------------------------------------------------------------

export function personOf(r: PersonRow): { id: string; name: string; phone: string; roles: Role[]; boardCode: string | null; active: boolean } {
  return { id: r.id, name: r.name, phone: r.phone, roles: r.roles.split(',').filter(Boolean) as Role[], boardCode: r.board_code, active: r.active === 1 };
}

export interface Post {
  id: string;
  code: string;
  name: string;
  boardCode: string;
  kind: string;
  phone: string;
  aPersonId: string | null;
  bPersonId: string | null;
  active: boolean;
}

export function postOf(r: PostRow): Post {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    boardCode: r.board_code,
    kind: r.kind,
    phone: r.phone,
    aPersonId: r.a_person_id,
    bPersonId: r.b_person_id,
    active: r.active === 1,
  };
}

/** A grid's fields but its shape and whether it is in use. */
export function gridOf(r: GridRow): { code: string; name: string; village: string; villageCode: string; households: number; gridWorkerId: string | null } {
  return { code: r.code, name: r.name, village: r.village, villageCode: r.village_code, households: r.households, gridWorkerId: r.grid_worker_id };
}
