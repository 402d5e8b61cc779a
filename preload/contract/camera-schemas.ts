/**
 * The camera register (issue #18, 系统设置 → 摄像头): the town's cameras, kept by the administrator and
 * imported from a camera workbook, sent to the district as the `camera` record (town-authoritative,
 * like `grid`). Each camera has a code (unique, like a grid's), a name, a place (WGS 84 longitude and
 * latitude: required, so that a later part can find the cameras near an event), the grid it stands
 * in, and the addresses of its streams: HLS (.m3u8) and/or HTTP-FLV (at least one), optionally WebRTC
 * WHEP and a snapshot. An address may hold credentials (user:pass@, a token in its query): they are
 * kept, but never logged, audited or exported — `redactUrl` hides them.
 */
import { z } from 'zod';
import { Id } from './schemas';
import { RecordCode } from './town-admin-schemas';

/** Longitude and latitude the town may hold: China's extent (a sheet with the two swapped is refused). */
export const LNG_RANGE = [73, 136] as const;
export const LAT_RANGE = [3, 54] as const;
export const CAMERA_URL_MAX = 1000;

/** The stream and picture addresses a camera may have, in the order the forms show them. */
export const CAMERA_URL_FIELDS = ['hlsUrl', 'flvUrl', 'whepUrl', 'snapshotUrl'] as const;
export type CameraUrlField = (typeof CAMERA_URL_FIELDS)[number];

/** Why an address is refused (the renderer and the import name each in Chinese). */
export type UrlFault = 'not_url' | 'not_http' | 'not_m3u8' | 'too_long';

/** Checks one address of the given field: http/https, an HLS one ending in .m3u8. Null: fine. */
export function urlFault(field: CameraUrlField, value: string): UrlFault | null {
  if (value.length > CAMERA_URL_MAX) return 'too_long';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not_url';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'not_http';
  if (field === 'hlsUrl' && !url.pathname.toLowerCase().endsWith('.m3u8')) return 'not_m3u8';
  return null;
}

/** Query parameters whose values are credentials. */
const SECRET_PARAM =
  /^(token|access_?token|auth|authorization|key|api_?key|apikey|sign|signature|secret|password|passwd|pwd|pass|session|sessionid|sid|ticket|credential|credentials|jwt)$/i;

/**
 * An address as it may be logged, audited or exported: a user and password become `***`, and the
 * value of a token-like query parameter (token, access_token, key, sign, password…) becomes `***`.
 * Pure; a text that is not an address is cut at its first `@` or `?` the same way.
 */
export function redactUrl(value: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url) return value.replace(/\/\/[^/@?#]*@/, '//***@').replace(/([?&][^=&#]+)=([^&#]*)/g, (m, name: string) => (SECRET_PARAM.test(name.slice(1)) ? `${name}=***` : m));
  if (url.username || url.password) {
    url.username = '***';
    url.password = url.password ? '***' : '';
  }
  let query = '';
  if (url.search) {
    query = url.search
      .slice(1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        const name = eq < 0 ? pair : pair.slice(0, eq);
        let decoded = name;
        try {
          decoded = decodeURIComponent(name);
        } catch {
          decoded = name;
        }
        return eq >= 0 && SECRET_PARAM.test(decoded) ? `${name}=***` : pair;
      })
      .join('&');
    url.search = '';
  }
  const base = url.toString();
  const hash = url.hash;
  const head = hash ? base.slice(0, base.length - hash.length) : base;
  return `${head}${query ? `?${query}` : ''}${hash}`;
}

const Url = z.string().trim().max(CAMERA_URL_MAX).nullable();

export const CameraAdmin = z.object({
  code: z.string(),
  name: z.string(),
  lng: z.number(),
  lat: z.number(),
  gridCode: z.string(),
  /** The grid's name (null: the grid is not in this town any more). */
  gridName: z.string().nullable(),
  hlsUrl: z.string().nullable(),
  flvUrl: z.string().nullable(),
  whepUrl: z.string().nullable(),
  snapshotUrl: z.string().nullable(),
  enabled: z.boolean(),
});
export type CameraAdmin = z.infer<typeof CameraAdmin>;

/** What a camera is made or edited with; the service checks the places, the grid and the addresses. */
export const CameraFields = z.strictObject({
  code: RecordCode,
  name: z.string().trim().min(1).max(40),
  lng: z.number().finite(),
  lat: z.number().finite(),
  gridCode: z.string().trim().min(1).max(32),
  hlsUrl: Url,
  flvUrl: Url,
  whepUrl: Url,
  snapshotUrl: Url,
});
export type CameraFields = z.infer<typeof CameraFields>;

export const AddCameraRequest = CameraFields;
export type AddCameraRequest = CameraFields;
/** An edit names the camera by its code (the code itself does not change). */
export const EditCameraRequest = CameraFields;
export type EditCameraRequest = CameraFields;
export const CameraEnabledRequest = z.strictObject({ code: RecordCode, enabled: z.boolean() });

/** A camera workbook (摄像头.xlsx), as bytes in base64 in one message (at most 160 KB: thousands of cameras; the console's messages are at most 256 KB). */
export const CAMERA_IMPORT_MAX_BYTES = 160 * 1024;
export const CameraImportRequest = z.strictObject({ fileName: z.string().min(1).max(200), base64: z.string().max(Math.ceil((CAMERA_IMPORT_MAX_BYTES * 4) / 3) + 4) });
export type CameraImportRequest = z.infer<typeof CameraImportRequest>;

/** One refused cell of a camera workbook: where, and what to do (the town import's shape). */
export const CameraImportFault = z.object({
  file: z.string(),
  sheet: z.string().nullable(),
  row: z.number().nullable(),
  column: z.string().nullable(),
  reason: z.string(),
  value: z.string().nullable(),
});
export type CameraImportFault = z.infer<typeof CameraImportFault>;

/** Either every row was taken (added, changed, unchanged) or nothing was, and why. */
export const CameraImportResult = z.object({
  faults: z.array(CameraImportFault),
  added: z.number(),
  changed: z.number(),
  unchanged: z.number(),
});
export type CameraImportResult = z.infer<typeof CameraImportResult>;

/**
 * 联动 (linkage, issue #18): when a sensor alert (source `sensor`, any level) or an event of level
 * `major` (较大) and above arrives with a location, the nearest enabled cameras — at most `count`
 * within `radiusM` metres, great-circle distance — open on the desk's event panel until the event is
 * acknowledged (接单) or `closeAfterMinutes` after it was reported. The bounds are the core's
 * (an `invalid` refusal's params name the field and its bounds); the schema lets any number through so that a refusal
 * can say in Chinese what to enter.
 */
export const LINKAGE_BOUNDS = {
  count: [1, 9],
  radiusM: [50, 5000],
  closeAfterMinutes: [1, 240],
} as const;
export type LinkageField = keyof typeof LINKAGE_BOUNDS;
export const LINKAGE_FIELDS = Object.keys(LINKAGE_BOUNDS) as LinkageField[];

export const CameraLinkageSettings = z.strictObject({ count: z.number(), radiusM: z.number(), closeAfterMinutes: z.number() });
export type CameraLinkageSettings = z.infer<typeof CameraLinkageSettings>;
export const DEFAULT_LINKAGE: Readonly<CameraLinkageSettings> = { count: 4, radiusM: 1000, closeAfterMinutes: 30 };

export const CameraLinkedRequest = z.strictObject({ eventId: Id });
export type CameraLinkedRequest = z.infer<typeof CameraLinkedRequest>;

/** One camera of an event's linkage, nearest first: its distance in whole metres. */
export const LinkedCamera = z.object({ id: z.string(), code: z.string(), name: z.string(), gridCode: z.string(), distanceM: z.number() });
export type LinkedCamera = z.infer<typeof LinkedCamera>;

/**
 * An event's linkage now. `links`: the event is of the kind that links (a sensor alert, or major and
 * above, with a location); `open`: it links and is not acknowledged and not past `closesAt`;
 * `cameras`: while open, the nearest ones (may be none in range); `radiusM`: the radius searched.
 */
export const CameraLinked = z.object({
  links: z.boolean(),
  open: z.boolean(),
  closesAt: z.string().nullable(),
  radiusM: z.number(),
  cameras: z.array(LinkedCamera),
});
export type CameraLinked = z.infer<typeof CameraLinked>;

/**
 * 摄像头 on the desk's maps (issue #18): the enabled cameras where they stand and their grid, no
 * address (any desk reader); `cameras:stream` gives one camera's addresses to play it (any desk
 * reader: a desk role may view the pictures; the addresses are never logged).
 */
export const CameraPoint = z.object({ code: z.string(), name: z.string(), lng: z.number(), lat: z.number(), gridCode: z.string() });
export type CameraPoint = z.infer<typeof CameraPoint>;
export const CameraStreamRequest = z.strictObject({ code: RecordCode });
/** `whepUrl` (WebRTC) only when the camera has one: the player prefers it. */
export const CameraStream = z.object({
  code: z.string(),
  name: z.string(),
  hlsUrl: z.string().nullable(),
  flvUrl: z.string().nullable(),
  whepUrl: z.string().nullable().optional(),
});
export type CameraStream = z.infer<typeof CameraStream>;

/**
 * 摄像头 on the grid map (issue #18): the enabled cameras a wall page's map tiles show — where each
 * stands and its grid, never an address. `wall:cameraStream` gives the addresses of one of them when
 * a leader touches its point (only a camera the asked screens' maps show).
 */
export const WallCameraPoint = z.object({ code: z.string(), name: z.string(), lng: z.number(), lat: z.number(), gridCode: z.string() });
export type WallCameraPoint = z.infer<typeof WallCameraPoint>;
export const WallCameraPoints = z.object({ cameras: z.array(WallCameraPoint) });
export type WallCameraPoints = z.infer<typeof WallCameraPoints>;
export const WallCameraStreamRequest = z.strictObject({
  layoutId: Id,
  screenIds: z
    .array(z.string().regex(/^[A-Za-z0-9_-]{1,24}$/))
    .min(1)
    .max(32),
  code: RecordCode,
});
