/**
 * The town's people, posts and grids on the wire (PROTOCOL.md v1.1; docs/protocol-decisions.md "The
 * town's records"): the upsert payload of each, and a district's upsert read back. A person's payload
 * never holds a username, password, hash or session: credentials stay on the console that made them.
 * Anything that writes these records (the administrator's pages, the spreadsheet import) sends them
 * with these functions, so every console of the town folds them the same way.
 */
import { createHash } from 'node:crypto';
import { ROLES, type Role } from '../../../../preload/contract/schemas';
import type { Post } from '../town.repository';
import { checkGeometry } from './geometry';

export interface PersonPayloadInput {
  readonly name: string;
  readonly roles: readonly string[];
  readonly active: boolean;
  readonly phone: string;
  readonly boardCode: string | null;
  readonly postIds: readonly string[];
}

/** `person`: name, roles, active; phone, board, postIds (the posts held as A or B). Nothing else. */
export function personPayload(p: PersonPayloadInput): Record<string, unknown> {
  return { name: p.name, roles: [...p.roles], active: p.active, phone: p.phone, board: p.boardCode, postIds: [...p.postIds] };
}

/** A post's fields (the town repository's names) but its id. */
export type PostPayloadInput = Readonly<Omit<Post, 'id'>>;

/** `post` (v1's upsert of the whole record). */
export function postPayload(p: PostPayloadInput): Record<string, unknown> {
  return { code: p.code, name: p.name, boardCode: p.boardCode, kind: p.kind, phone: p.phone, aPersonId: p.aPersonId, bPersonId: p.bPersonId, active: p.active };
}

export interface GridPayloadInput {
  readonly code: string;
  readonly name: string;
  readonly village: string;
  readonly villageCode: string;
  readonly households: number;
  readonly gridWorkerId: string | null;
  readonly geometry: unknown;
  /** Whether the grid is in use (a deactivated grid keeps its events; nothing new is reported into it). */
  readonly active: boolean;
}

/** `grid`: code, name, villageCode; geometry (when there is one); the village's name, households, grid worker and `active` beside them. */
export function gridPayload(g: GridPayloadInput): Record<string, unknown> {
  return {
    code: g.code,
    name: g.name,
    villageCode: g.villageCode,
    ...(g.geometry ? { geometry: g.geometry } : {}),
    village: g.village,
    households: g.households,
    gridWorkerId: g.gridWorkerId,
    active: g.active,
  };
}

/**
 * A grid's entity id: a name-based UUID (version 5 layout over SHA-1) of its code, so two consoles
 * that make the same grid name one entity. A grid is keyed by its code here (events name it).
 */
export function gridEntityId(code: string): string {
  const hash = createHash('sha1').update(`duty-desk:grid:${code}`).digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---- a district's upsert, read back --------------------------------------------------------------

/** Thrown for a payload this console cannot take: the sync inbox keeps the op in 同步问题 with the message. */
class BadPayload extends Error {}

const text = (v: unknown, field: string, max: number, optional = false): string => {
  if (v === undefined || v === null) {
    if (optional) return '';
    throw new BadPayload(`${field} is missing`);
  }
  if (typeof v !== 'string' || v.length > max || (!optional && v.trim() === '')) throw new BadPayload(`${field} must be text of at most ${max} characters`);
  return v;
};

export interface RemotePerson {
  name: string;
  roles: Role[];
  active: boolean;
  phone: string;
  boardCode: string | null;
}

export function readPersonPayload(p: Record<string, unknown>): RemotePerson {
  const name = text(p.name, 'name', 40).trim();
  if (!Array.isArray(p.roles) || p.roles.length === 0 || p.roles.some((r) => !ROLES.includes(r as Role))) throw new BadPayload('roles must be a list of known roles');
  if (typeof p.active !== 'boolean') throw new BadPayload('active must be true or false');
  const board = p.board === undefined || p.board === null ? null : text(p.board, 'board', 32);
  return { name, roles: [...new Set(p.roles as Role[])], active: p.active, phone: text(p.phone, 'phone', 30, true), boardCode: board };
}

export type RemotePost = PostPayloadInput;

export function readPostPayload(p: Record<string, unknown>): RemotePost {
  const id = (v: unknown, field: string): string | null => (v === undefined || v === null ? null : text(v, field, 64));
  return {
    code: text(p.code, 'code', 32).trim(),
    name: text(p.name, 'name', 40).trim(),
    boardCode: text(p.boardCode, 'boardCode', 32),
    kind: text(p.kind, 'kind', 32),
    phone: text(p.phone, 'phone', 30, true),
    aPersonId: id(p.aPersonId, 'aPersonId'),
    bPersonId: id(p.bPersonId, 'bPersonId'),
    active: p.active === undefined ? true : p.active === true,
  };
}

export interface RemoteGrid {
  code: string;
  name: string;
  villageCode: string;
  village: string | null;
  households: number | null;
  gridWorkerId: string | null | undefined;
  /** Undefined: the payload has no shape (the one here is kept). */
  geometry: unknown;
  /** Undefined: the payload does not say (a console before grids could be deactivated by hand; the one here is kept). */
  active: boolean | undefined;
}

export function readGridPayload(p: Record<string, unknown>): RemoteGrid {
  const code = text(p.code, 'code', 32).trim();
  let geometry: unknown = undefined;
  if (p.geometry !== undefined && p.geometry !== null) {
    const checked = checkGeometry(p.geometry);
    if (!checked.ok) throw new BadPayload(`geometry is not a usable Polygon or MultiPolygon (${checked.fault.reason})`);
    geometry = checked.geometry;
  }
  const households = typeof p.households === 'number' && Number.isInteger(p.households) && p.households >= 0 ? p.households : null;
  return {
    code,
    name: text(p.name, 'name', 40).trim(),
    villageCode: text(p.villageCode, 'villageCode', 32, true),
    village: typeof p.village === 'string' && p.village.trim() ? p.village.trim().slice(0, 40) : null,
    households,
    gridWorkerId: p.gridWorkerId === undefined ? undefined : typeof p.gridWorkerId === 'string' ? p.gridWorkerId.slice(0, 64) : null,
    geometry,
    active: typeof p.active === 'boolean' ? p.active : undefined,
  };
}
