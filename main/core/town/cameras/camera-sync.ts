/**
 * A camera on the wire (docs/protocol-decisions.md "The town's records", `camera`): its upsert payload
 * and a district's upsert read back. Town-authoritative like `grid`: the console that changes a camera
 * sends the whole record; every console of the town folds it in by HLC. The stream addresses travel
 * as they are (a second console must be able to play them); credentials in them are never logged.
 */
import { createHash } from 'node:crypto';
import { CAMERA_URL_FIELDS, urlFault, type CameraUrlField } from '../../../../preload/contract/camera-schemas';

export interface CameraRecord {
  readonly code: string;
  readonly name: string;
  readonly lng: number;
  readonly lat: number;
  readonly gridCode: string;
  readonly hlsUrl: string | null;
  readonly flvUrl: string | null;
  readonly whepUrl: string | null;
  readonly snapshotUrl: string | null;
  readonly enabled: boolean;
}

/** `camera`: code, name, lng, lat, gridCode, hlsUrl, flvUrl, whepUrl, snapshotUrl (null when none), enabled. */
export function cameraPayload(c: CameraRecord): Record<string, unknown> {
  return {
    code: c.code,
    name: c.name,
    lng: c.lng,
    lat: c.lat,
    gridCode: c.gridCode,
    hlsUrl: c.hlsUrl,
    flvUrl: c.flvUrl,
    whepUrl: c.whepUrl,
    snapshotUrl: c.snapshotUrl,
    enabled: c.enabled,
  };
}

/** A camera's entity id: a name-based UUID (version 5 layout over SHA-1) of `duty-desk:camera:<code>`. */
export function cameraEntityId(code: string): string {
  const hash = createHash('sha1').update(`duty-desk:camera:${code.toUpperCase()}`).digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Thrown for a payload this console cannot take: the sync inbox keeps the op in 同步问题 with the message. */
class BadPayload extends Error {}

/** A district's `camera` upsert, checked as the administrator's form is (but the grid: it may come later). */
export function readCameraPayload(p: Record<string, unknown>): CameraRecord {
  const text = (v: unknown, field: string, max: number): string => {
    if (typeof v !== 'string' || v.trim() === '' || v.length > max) throw new BadPayload(`${field} must be text of 1 to ${max} characters`);
    return v.trim();
  };
  const num = (v: unknown, field: string, [lo, hi]: readonly [number, number]): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) throw new BadPayload(`${field} must be a number from ${lo} to ${hi}`);
    return v;
  };
  const urls = {} as Record<CameraUrlField, string | null>;
  for (const field of CAMERA_URL_FIELDS) {
    const v = p[field];
    if (v === undefined || v === null || v === '') urls[field] = null;
    else if (typeof v !== 'string' || urlFault(field, v) !== null) throw new BadPayload(`${field} is not a usable http(s) address`);
    else urls[field] = v;
  }
  if (!urls.hlsUrl && !urls.flvUrl) throw new BadPayload('a camera needs an HLS or an HTTP-FLV address');
  return {
    code: text(p.code, 'code', 32),
    name: text(p.name, 'name', 40),
    lng: num(p.lng, 'lng', [-180, 180]),
    lat: num(p.lat, 'lat', [-90, 90]),
    gridCode: text(p.gridCode, 'gridCode', 32),
    ...urls,
    enabled: p.enabled === undefined ? true : p.enabled === true,
  };
}
