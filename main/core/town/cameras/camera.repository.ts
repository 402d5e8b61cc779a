/** SQL of the camera register (table `camera`, migration 0020): read by code, written whole. */
import type { Sql } from '../../db/db';
import type { CameraRecord } from './camera-sync';

export interface CameraRow {
  code: string;
  name: string;
  lng: number;
  lat: number;
  grid_code: string;
  hls_url: string | null;
  flv_url: string | null;
  whep_url: string | null;
  snapshot_url: string | null;
  enabled: number;
  version: number;
  hlc: string;
}

const COLUMNS = ['code', 'name', 'lng', 'lat', 'grid_code', 'hls_url', 'flv_url', 'whep_url', 'snapshot_url', 'enabled', 'version', 'hlc'];

export const cameraOf = (r: CameraRow): CameraRecord => ({
  code: r.code,
  name: r.name,
  lng: r.lng,
  lat: r.lat,
  gridCode: r.grid_code,
  hlsUrl: r.hls_url,
  flvUrl: r.flv_url,
  whepUrl: r.whep_url,
  snapshotUrl: r.snapshot_url,
  enabled: r.enabled === 1,
});

const values = (c: CameraRecord, version: number, hlc: string): unknown[] => [
  c.code,
  c.name,
  c.lng,
  c.lat,
  c.gridCode,
  c.hlsUrl,
  c.flvUrl,
  c.whepUrl,
  c.snapshotUrl,
  c.enabled ? 1 : 0,
  version,
  hlc,
];

export class CameraRepository {
  all(sql: Sql): Promise<CameraRow[]> {
    return sql.all<CameraRow>(`SELECT ${COLUMNS.join(', ')} FROM camera ORDER BY code`);
  }

  /** By code, regardless of case (codes are unique so). */
  get(sql: Sql, code: string): Promise<CameraRow | undefined> {
    return sql.get<CameraRow>(`SELECT ${COLUMNS.join(', ')} FROM camera WHERE code = ? COLLATE NOCASE`, [code]);
  }

  /** Inserts, or replaces the row of the same code (its code's spelling kept). */
  async put(sql: Sql, c: CameraRecord, version: number, hlc: string): Promise<void> {
    const rest = COLUMNS.slice(1);
    await sql.run(
      `INSERT INTO camera (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')}) ON CONFLICT(code) DO UPDATE SET ${rest.map((c) => `${c} = excluded.${c}`).join(', ')}`,
      values(c, version, hlc),
    );
  }
}
