/**
 * The camera register (issue #18; 系统设置 → 摄像头, the administrator's): cameras listed, added, edited,
 * disabled and enabled again, and imported from a camera workbook (camera-import.ts). Every change is
 * one kernel command: its audit row holds the camera before and after with its addresses redacted
 * (redactUrl: no user, password or token), and its outbox op sends the camera to the district as a
 * `camera` upsert (town-authoritative, like `grid`). A district's upsert of a camera is folded in by
 * HLC (the newest wins) through the sink app-core.ts registers.
 */
import {
  redactUrl,
  type AddCameraRequest,
  type CameraAdmin,
  type CameraImportResult,
  type CameraPoint,
  type CameraStream,
  type EditCameraRequest,
} from '../../../../preload/contract/camera-schemas';
import type { Sql } from '../../db/db';
import { refuse } from '../../errors';
import type { ChangeFeed } from '../../feed';
import type { Actor, Tx } from '../../kernel';
import type { Kernel } from '../../kernel/command-runner';
import { permit } from '../../kernel/permissions';
import { importCameraRows, readCameraWorkbook } from './camera-import';
import { CameraRepository, cameraOf } from './camera.repository';
import { blankToNull, cameraFaults } from './camera-rules';
import { cameraEntityId, cameraPayload, readCameraPayload, type CameraRecord } from './camera-sync';
import { cameraMediaOrigins } from './camera-origins';

/** A camera as the audit keeps it: its addresses without credentials. */
export function cameraAudit(c: CameraRecord): Record<string, unknown> {
  const url = (v: string | null): string | null => (v === null ? null : redactUrl(v));
  return { ...c, hlsUrl: url(c.hlsUrl), flvUrl: url(c.flvUrl), whepUrl: url(c.whepUrl), snapshotUrl: url(c.snapshotUrl) };
}

/** What a sink took, for the page's command to audit (sync's UpsertTaken, by shape). */
interface CameraSynced {
  readonly audit: { readonly action: 'camera.synced'; readonly entity: 'camera'; readonly entityId: string; readonly detail: Record<string, unknown> };
}

export class CameraService {
  private readonly repo = new CameraRepository();
  /** The media origins of the enabled cameras, read once per change (the CSP asks on every page). */
  private origins: Promise<string[]> | null = null;

  constructor(
    private readonly kernel: Kernel,
    private readonly feed: ChangeFeed,
  ) {}

  async list(actor: Actor): Promise<CameraAdmin[]> {
    permit(actor, 'manageTown');
    return this.kernel.read(async (sql) => {
      const rows = await this.repo.all(sql);
      const grids = new Map((await sql.all<{ code: string; name: string }>(`SELECT code, name FROM grid`)).map((g) => [g.code, g.name]));
      return rows.map((r) => ({ ...cameraOf(r), gridName: grids.get(r.grid_code) ?? null }));
    });
  }

  /** The cameras every console part may read later (the map, the wall, linkage): enabled ones only. */
  enabledCameras(): Promise<CameraRecord[]> {
    return this.kernel.read(async (sql) => (await this.repo.all(sql)).filter((r) => r.enabled === 1).map(cameraOf));
  }

  /** The desk's maps (issue #18): the enabled cameras where they stand and their grid, no address (any desk reader). */
  async points(actor: Actor): Promise<CameraPoint[]> {
    permit(actor, 'read');
    return (await this.enabledCameras()).map((c) => ({ code: c.code, name: c.name, lng: c.lng, lat: c.lat, gridCode: c.gridCode }));
  }

  /** One enabled camera's addresses, to play it on the desk (any desk reader; never logged). */
  async stream(actor: Actor, code: string): Promise<CameraStream> {
    permit(actor, 'read');
    const c = (await this.enabledCameras()).find((x) => x.code === code);
    if (!c) refuse('not_found', `no camera ${code} in use`, { id: code });
    return { code: c.code, name: c.name, hlsUrl: c.hlsUrl, flvUrl: c.flvUrl, ...(c.whepUrl ? { whepUrl: c.whepUrl } : {}) };
  }

  /** Every camera's code → enabled (the wall's layout rules, issue #18). */
  cameraStates(): Promise<Map<string, boolean>> {
    return this.kernel.read(async (sql) => new Map((await this.repo.all(sql)).map((r) => [r.code, r.enabled === 1])));
  }

  /** The origins the CSP admits media from: the enabled cameras' stream addresses' (camera-origins.ts). */
  mediaOrigins(): Promise<string[]> {
    this.origins ??= this.enabledCameras().then(cameraMediaOrigins, () => {
      this.origins = null;
      return [];
    });
    return this.origins;
  }

  /** The form's fields, trimmed, checked: a refusal names the field and what is wrong. */
  private checked(req: AddCameraRequest): CameraRecord {
    const c = { ...req, hlsUrl: blankToNull(req.hlsUrl), flvUrl: blankToNull(req.flvUrl), whepUrl: blankToNull(req.whepUrl), snapshotUrl: blankToNull(req.snapshotUrl) };
    const fault = cameraFaults(c)[0];
    if (fault) refuse('invalid', `camera ${fault.field}: ${fault.fault}`, { field: `camera.${fault.field}`, camera: fault.field, reason: fault.fault });
    return { ...c, enabled: true };
  }

  private async checkGrid(sql: Sql, code: string): Promise<void> {
    const g = await sql.get<{ name: string; active: number }>(`SELECT name, active FROM grid WHERE code = ?`, [code]);
    if (!g) refuse('unknown_grid', `no grid ${code}`, { code });
    if (g.active !== 1) refuse('grid_inactive', `grid ${code} is deactivated`, { code, name: g.name });
  }

  private async send(tx: Tx, c: CameraRecord, version: number): Promise<void> {
    const hlc = tx.hlc.now();
    await this.repo.put(tx.sql, c, version, hlc);
    await tx.outbox({ entity: 'camera', entityId: cameraEntityId(c.code), kind: 'upsert', baseVersion: version - 1, payload: cameraPayload(c), hlc, at: tx.at });
  }

  async add(actor: Actor, req: AddCameraRequest): Promise<void> {
    permit(actor, 'manageTown');
    const c = this.checked(req);
    await this.kernel.run({ name: 'camera.add', actor, permission: 'manageTown' }, async (tx) => {
      const clash = await this.repo.get(tx.sql, c.code);
      if (clash) refuse('duplicate_code', `a camera with code ${c.code} exists`, { code: c.code });
      await this.checkGrid(tx.sql, c.gridCode);
      await this.send(tx, c, 1);
      await tx.audit('camera.add', 'camera', c.code, { after: cameraAudit(c) });
    });
    this.changed();
  }

  async edit(actor: Actor, req: EditCameraRequest): Promise<void> {
    permit(actor, 'manageTown');
    const fields = this.checked(req);
    await this.kernel.run({ name: 'camera.edit', actor, permission: 'manageTown' }, async (tx) => {
      const before = await this.repo.get(tx.sql, fields.code);
      if (!before) refuse('not_found', `no camera ${fields.code}`, { id: fields.code });
      // A grid kept as it was may have been deactivated since; a new one must be in use.
      if (fields.gridCode !== before.grid_code) await this.checkGrid(tx.sql, fields.gridCode);
      const c: CameraRecord = { ...fields, code: before.code, enabled: before.enabled === 1 };
      await this.send(tx, c, before.version + 1);
      await tx.audit('camera.edit', 'camera', before.code, { before: cameraAudit(cameraOf(before)), after: cameraAudit(c) });
    });
    this.changed();
  }

  /** Disables a camera (kept; nothing plays it) or enables it again. */
  async setEnabled(actor: Actor, code: string, enabled: boolean): Promise<void> {
    permit(actor, 'manageTown');
    const name = enabled ? 'camera.enable' : 'camera.disable';
    await this.kernel.run({ name, actor, permission: 'manageTown' }, async (tx) => {
      const before = await this.repo.get(tx.sql, code);
      if (!before) refuse('not_found', `no camera ${code}`, { id: code });
      if ((before.enabled === 1) === enabled) refuse('already_decided', enabled ? 'this camera is enabled' : 'this camera is already disabled');
      await this.send(tx, { ...cameraOf(before), enabled }, before.version + 1);
      await tx.audit(name, 'camera', before.code, { before: { enabled: !enabled }, after: { enabled }, code: before.code, name: before.name });
    });
    this.changed();
  }

  /**
   * A camera workbook (its 摄像头 sheet): every row checked, each fault at its cell; with any fault
   * nothing changes. Otherwise one command adds the new cameras and updates the changed ones (by code).
   */
  async importWorkbook(actor: Actor, fileName: string, bytes: Buffer): Promise<CameraImportResult> {
    permit(actor, 'manageTown');
    const read = await readCameraWorkbook(bytes, fileName);
    if (read.faults.length > 0) return { faults: read.faults, added: 0, changed: 0, unchanged: 0 };
    const grids = await this.kernel.read((sql) => sql.all<{ code: string; active: number }>(`SELECT code, active FROM grid`));
    const checked = importCameraRows(read, new Map(grids.map((g) => [g.code, g.active === 1])));
    if (checked.faults.length > 0) return { faults: checked.faults, added: 0, changed: 0, unchanged: 0 };
    const counts = { added: 0, changed: 0, unchanged: 0 };
    await this.kernel.run({ name: 'camera.import', actor, permission: 'manageTown' }, async (tx) => {
      for (const c of checked.cameras) {
        const before = await this.repo.get(tx.sql, c.code);
        if (before && JSON.stringify(cameraOf(before)) === JSON.stringify({ ...c, code: before.code })) {
          counts.unchanged++;
          continue;
        }
        const record = before ? { ...c, code: before.code } : c;
        await this.send(tx, record, (before?.version ?? 0) + 1);
        if (before) counts.changed++;
        else counts.added++;
      }
      await tx.audit('camera.import', 'camera', null, { file: fileName, ...counts });
    });
    this.changed();
    return { faults: [], ...counts };
  }

  /** A `camera` upsert, by its code: the newest HLC wins (the grid is not checked: it may come later). */
  async applyRemote(sql: Sql, _id: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<false | CameraSynced> {
    const c = readCameraPayload(payload);
    const before = await this.repo.get(sql, c.code);
    if (before && before.hlc >= hlc) return false;
    const record = before ? { ...c, code: before.code } : c;
    await this.repo.put(sql, record, (before?.version ?? 0) + 1, hlc);
    this.kernel.hlc.receive(hlc);
    return {
      audit: {
        action: 'camera.synced',
        entity: 'camera',
        entityId: record.code,
        detail: { before: before ? cameraAudit(cameraOf(before)) : null, after: cameraAudit(record), opAt: at },
      },
    };
  }

  changed(): void {
    this.origins = null;
    this.feed.emit({ topic: 'town' });
  }
}
