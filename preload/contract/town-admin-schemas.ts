/**
 * The API's shapes for the town kept by hand (系统设置 → 人员 / 岗位 / 网格, the administrator's): people
 * with their accounts, posts with their A and B holders, grids with their shapes. Every write is an
 * administrator's kernel command, audited and sent to the district (PROTOCOL.md v1.1). The catalogue
 * is the district's and is not edited here.
 */
import { z } from 'zod';
import { Id, Role } from './schemas';

/** A sign-in name: 3–32 letters, digits, _ . -, starting with a letter (the set-up's rule too). */
export const Username = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, 'a username: 3–32 letters, digits, _ . -, starting with a letter');
/** A code of a post or a grid: letters, digits, _ and -, at most 32. */
export const RecordCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, 'a code: 1–32 letters, digits, _ or -');
const Name = z.string().trim().min(1).max(40);
/** A phone number as people write it: digits, spaces, + - ( ) and 转 for an extension; may be empty. */
export const Phone = z
  .string()
  .trim()
  .max(30)
  .regex(/^[0-9+\-() 转]*$/, 'a phone number: digits, spaces, + - ( )');
export const POST_KINDS = ['board_post', 'joint', 'village'] as const;
export const PostKind = z.enum(POST_KINDS);
export type PostKind = z.infer<typeof PostKind>;
const BoardCode = z.string().min(1).max(32);

// ---- people ------------------------------------------------------------------------------------

/** A post the person holds, as A or B. */
export const HeldPost = z.object({ postId: z.string(), code: z.string(), name: z.string(), as: z.enum(['A', 'B']), active: z.boolean() });
export type HeldPost = z.infer<typeof HeldPost>;

export const PersonAdmin = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  roles: z.array(Role),
  boardCode: z.string().nullable(),
  active: z.boolean(),
  /** The sign-in name; null when the person has no account (cannot sign in). */
  username: z.string().nullable(),
  posts: z.array(HeldPost),
});
export type PersonAdmin = z.infer<typeof PersonAdmin>;

export const AddPersonRequest = z.strictObject({
  name: Name,
  phone: Phone,
  roles: z.array(Role).min(1).max(5),
  boardCode: BoardCode.nullable(),
  /** An account to sign in with (a one-time password comes back); null: no account. */
  username: Username.nullable(),
});
export type AddPersonRequest = z.infer<typeof AddPersonRequest>;

export const EditPersonRequest = z.strictObject({
  personId: Id,
  name: Name,
  phone: Phone,
  roles: z.array(Role).min(1).max(5),
  boardCode: BoardCode.nullable(),
  /** Absent: the account stays as it is. A name for a person without an account creates it (one-time password). */
  username: Username.optional(),
});
export type EditPersonRequest = z.infer<typeof EditPersonRequest>;

export const PersonActiveRequest = z.strictObject({ personId: Id, active: z.boolean() });

/** What an add or edit answers: the one-time password of a new account, shown once (null: none made). */
export const PersonSaved = z.object({ personId: z.string(), oneTimePassword: z.string().nullable() });
export type PersonSaved = z.infer<typeof PersonSaved>;

// ---- posts -------------------------------------------------------------------------------------

export const PostAdmin = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  boardCode: z.string(),
  kind: z.string(),
  phone: z.string(),
  aPersonId: z.string().nullable(),
  bPersonId: z.string().nullable(),
  active: z.boolean(),
});
export type PostAdmin = z.infer<typeof PostAdmin>;

const PostFields = {
  code: RecordCode,
  name: Name,
  boardCode: BoardCode,
  kind: PostKind,
  phone: Phone,
  /** The A holder: an active person (a post is never without one). */
  aPersonId: Id,
  bPersonId: Id.nullable(),
};
export const AddPostRequest = z.strictObject(PostFields);
export type AddPostRequest = z.infer<typeof AddPostRequest>;
export const EditPostRequest = z.strictObject({ postId: Id, ...PostFields });
export type EditPostRequest = z.infer<typeof EditPostRequest>;
export const PostActiveRequest = z.strictObject({ postId: Id, active: z.boolean() });

// ---- grids -------------------------------------------------------------------------------------

export const GridAdmin = z.object({
  code: z.string(),
  name: z.string(),
  village: z.string(),
  villageCode: z.string(),
  households: z.number(),
  gridWorkerId: z.string().nullable(),
  /** The shape's type and number of points (the shape itself: townAdmin:grid). */
  shape: z.object({ type: z.string(), points: z.number() }).nullable(),
  /** In use: a deactivated grid keeps its events, and nothing new is reported into it. */
  active: z.boolean(),
});
export type GridAdmin = z.infer<typeof GridAdmin>;

export const GridCodeRequest = z.strictObject({ code: RecordCode });
export const GridActiveRequest = z.strictObject({ code: RecordCode, active: z.boolean() });
export const GridDetail = GridAdmin.extend({ geometry: z.unknown() });
export type GridDetail = z.infer<typeof GridDetail>;

/**
 * The most characters of a shape's GeoJSON text: a request of the web console is at most 256 KiB
 * (main/web/server.ts), and a grid of ≤500 households needs far less (the page says so before sending).
 */
export const GEOJSON_MAX_CHARS = 240_000;
/** The shape as GeoJSON text (a Polygon or MultiPolygon, a Feature or a FeatureCollection of one). */
export const GeoJsonText = z.string().min(1).max(GEOJSON_MAX_CHARS);

const GridFields = {
  name: Name,
  village: z.string().trim().min(1).max(40),
  villageCode: z.string().trim().max(32),
  households: z.number().int().min(0).max(100_000),
  gridWorkerId: Id.nullable(),
};
export const AddGridRequest = z.strictObject({ code: RecordCode, ...GridFields, geometry: GeoJsonText });
export type AddGridRequest = z.infer<typeof AddGridRequest>;
/** `geometry` absent: the shape stays as it is. */
export const EditGridRequest = z.strictObject({ code: RecordCode, ...GridFields, geometry: GeoJsonText.optional() });
export type EditGridRequest = z.infer<typeof EditGridRequest>;
