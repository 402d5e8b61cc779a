/**
 * What a camera must be, as one list of faults by field (pure): the administrator's form refuses the
 * first, the camera workbook names each at its cell. The grid is checked apart (it needs the town).
 */
import { CAMERA_URL_FIELDS, LAT_RANGE, LNG_RANGE, urlFault, type CameraUrlField, type UrlFault } from '../../../../preload/contract/camera-schemas';

export type CameraField = 'lng' | 'lat' | 'stream' | CameraUrlField;
export type CameraFault = { field: 'lng' | 'lat'; fault: 'out_of_range' } | { field: 'stream'; fault: 'no_stream' } | { field: CameraUrlField; fault: UrlFault };

export interface CameraPlaceAndUrls {
  readonly lng: number;
  readonly lat: number;
  readonly hlsUrl: string | null;
  readonly flvUrl: string | null;
  readonly whepUrl: string | null;
  readonly snapshotUrl: string | null;
}

export function cameraFaults(c: CameraPlaceAndUrls): CameraFault[] {
  const faults: CameraFault[] = [];
  if (!(c.lng >= LNG_RANGE[0] && c.lng <= LNG_RANGE[1])) faults.push({ field: 'lng', fault: 'out_of_range' });
  if (!(c.lat >= LAT_RANGE[0] && c.lat <= LAT_RANGE[1])) faults.push({ field: 'lat', fault: 'out_of_range' });
  for (const field of CAMERA_URL_FIELDS) {
    const v = c[field];
    if (!v) continue;
    const fault = urlFault(field, v);
    if (fault) faults.push({ field, fault });
  }
  if (!c.hlsUrl && !c.flvUrl) faults.push({ field: 'stream', fault: 'no_stream' });
  return faults;
}

/** An empty address is none. */
export const blankToNull = (v: string | null | undefined): string | null => (v === undefined || v === null || v.trim() === '' ? null : v.trim());
