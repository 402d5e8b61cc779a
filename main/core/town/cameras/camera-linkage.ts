/**
 * 联动 (linkage, issue #18): the cameras an event opens on the desk's event panel.
 *
 * - Which events link: a sensor alert (source `sensor`, 物联感知, any level) or an event of level
 *   `major` (较大) and above, with a location.
 * - Which cameras: the enabled ones within `radiusM` metres of the event's place by great-circle
 *   distance (haversine on a sphere of the mean Earth radius, 6,371,008.8 m), nearest first, at most
 *   `count`.
 * - How long: open from the event's arrival until it is acknowledged (接单: it leaves 待受理 / 已受理 /
 *   已派单 — in_progress and every later or terminal state close it) or `closeAfterMinutes` after it
 *   was reported, whichever comes first. Nothing runs on a timer: open or closed is computed from the
 *   event's state and the kernel's clock (the injectable one in tests) whenever it is asked.
 * - The settings (系统设置 → 摄像头, the administrator's): kept in `meta` as JSON, each a whole number
 *   within LINKAGE_BOUNDS; a save is one kernel command, audited with the settings before and after.
 *
 * The event is read through the narrow `EventFacts` app-core hands in (the events feature's own
 * detail query, as the caller may see it): this part never reads the events' tables.
 *
 * The wall's 联动画面 tile asks `active()`: of the open events with a place reported within the set
 * time (the events feature's `linkageCandidates`, handed in by app-core), those whose linkage is open
 * by the same `linkageOpen`; the newest (latest reported, then the larger id) with its nearest
 * cameras and their addresses, and how many others are open.
 */
import { DEFAULT_LINKAGE, LINKAGE_BOUNDS, LINKAGE_FIELDS, type CameraLinkageSettings, type CameraLinked, type LinkedCamera } from '../../../../preload/contract/camera-schemas';
import type { WallLinkageEvent } from '../../../../preload/contract/wall-schemas';
import { LEVELS, type Level } from '../../../../preload/contract/schemas';
import type { Sql } from '../../db/db';
import { refuse } from '../../errors';
import type { Actor } from '../../kernel';
import type { Kernel } from '../../kernel/command-runner';
import { getMeta, setMeta } from '../../kernel/meta.repository';
import { permit } from '../../kernel/permissions';
import { CameraRepository, cameraOf } from './camera.repository';
import { cameraEntityId } from './camera-sync';

/** Where the settings are kept (the `meta` table, JSON of CameraLinkageSettings). */
export const LINKAGE_KEY = 'camera.linkage';

/** The mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between two WGS 84 points (haversine). */
export function haversineM(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** What linkage needs to know of an event. */
export interface EventFacts {
  readonly source: string;
  readonly level: string;
  readonly state: string;
  readonly reportedAt: string;
  readonly location: { lng: number; lat: number } | null;
}

/** The event as its reader may see it (refused as the events feature refuses: not_found, forbidden). */
export type EventFactsOf = (actor: Actor, eventId: string) => Promise<EventFacts>;

/** An event the wall's linkage tile may show: its facts, and what the tile says of it. */
export interface LinkageCandidate extends EventFacts {
  readonly id: string;
  readonly title: string;
  readonly gridCode: string | null;
}

/** The open events with a place reported at or after `since` (any order; the events feature's query). */
export type LinkageCandidatesSince = (since: string) => Promise<readonly LinkageCandidate[]>;

/** The newest linkage as the wall shows it (the grid's name is the wall's to add). */
export type ActiveLinkage = Omit<WallLinkageEvent, 'gridName'>;

/** The states before the acknowledgement (接单): a linkage is open only in these. */
const BEFORE_ACK: ReadonlySet<string> = new Set(['reported', 'accepted', 'dispatched']);
const MAJOR_RANK = LEVELS.indexOf('major');

/** Whether an event opens cameras at all: a sensor alert, or major and above — with a location. */
export function linksEvent(e: Pick<EventFacts, 'source' | 'level' | 'location'>): boolean {
  if (!e.location) return false;
  return e.source === 'sensor' || LEVELS.indexOf(e.level as Level) >= MAJOR_RANK;
}

/** When the linkage of an event reported at `reportedAt` closes by time. */
export function linkageClosesAt(reportedAt: string, s: CameraLinkageSettings): string {
  return new Date(Date.parse(reportedAt) + s.closeAfterMinutes * 60_000).toISOString();
}

/** Open now: the event links, is not yet acknowledged, and `now` is before its closing time. */
export function linkageOpen(e: EventFacts, s: CameraLinkageSettings, now: Date): boolean {
  return linksEvent(e) && BEFORE_ACK.has(e.state) && now.getTime() < Date.parse(linkageClosesAt(e.reportedAt, s));
}

/** The nearest of `cameras` to `at`: within the radius, nearest first (by code on a tie), at most `count`. */
export function nearestCameras<C extends { code: string; lng: number; lat: number }>(
  cameras: readonly C[],
  at: { lng: number; lat: number },
  s: Pick<CameraLinkageSettings, 'count' | 'radiusM'>,
): (C & { distanceM: number })[] {
  return cameras
    .map((c) => ({ ...c, distanceM: haversineM(at, c) }))
    .filter((c) => c.distanceM <= s.radiusM)
    .sort((x, y) => x.distanceM - y.distanceM || x.code.localeCompare(y.code))
    .slice(0, s.count);
}

/** The first setting out of its bounds (not a whole number, or outside them), or null. */
export function linkageFault(s: CameraLinkageSettings): { field: keyof CameraLinkageSettings; min: number; max: number } | null {
  for (const field of LINKAGE_FIELDS) {
    const [min, max] = LINKAGE_BOUNDS[field];
    const v = s[field];
    if (!Number.isInteger(v) || v < min || v > max) return { field, min, max };
  }
  return null;
}

export async function readLinkageSettings(sql: Sql): Promise<CameraLinkageSettings> {
  const raw = await getMeta(sql, LINKAGE_KEY);
  if (!raw) return { ...DEFAULT_LINKAGE };
  const stored = JSON.parse(raw) as Partial<CameraLinkageSettings>;
  const s = { ...DEFAULT_LINKAGE, ...stored };
  return linkageFault(s) ? { ...DEFAULT_LINKAGE } : s;
}

export class CameraLinkage {
  private readonly repo = new CameraRepository();

  constructor(
    private readonly kernel: Kernel,
    private readonly eventFacts: EventFactsOf,
    private readonly candidates: LinkageCandidatesSince = async () => [],
  ) {}

  /** The settings (any desk reader: the panel says the radius). */
  settings(actor: Actor): Promise<CameraLinkageSettings> {
    permit(actor, 'read');
    return this.kernel.read((sql) => readLinkageSettings(sql));
  }

  /** 系统设置 → 摄像头 → 联动: the administrator's; whole numbers within the bounds, else refused with nothing changed. */
  async saveSettings(actor: Actor, s: CameraLinkageSettings): Promise<void> {
    permit(actor, 'manageTown');
    const fault = linkageFault(s);
    if (fault) {
      refuse('invalid', `camera linkage ${fault.field} must be a whole number from ${fault.min} to ${fault.max}`, {
        field: `cameraLinkage.${fault.field}`,
        linkage: fault.field,
        min: fault.min,
        max: fault.max,
      });
    }
    const after: CameraLinkageSettings = { count: s.count, radiusM: s.radiusM, closeAfterMinutes: s.closeAfterMinutes };
    await this.kernel.run({ name: 'camera.linkage', actor, permission: 'manageTown', audit: false }, async (tx) => {
      const before = await readLinkageSettings(tx.sql);
      await setMeta(tx.sql, LINKAGE_KEY, JSON.stringify(after));
      await tx.audit('camera.linkage', 'settings', LINKAGE_KEY, { before, after });
      tx.emit({ topic: 'town' });
    });
  }

  /** An event's linkage now: whether it links, is open, when it closes, and its cameras while open. */
  async linked(actor: Actor, eventId: string): Promise<CameraLinked> {
    permit(actor, 'read');
    const e = await this.eventFacts(actor, eventId);
    const now = this.kernel.clock.now();
    return this.kernel.read(async (sql) => {
      const s = await readLinkageSettings(sql);
      const links = linksEvent(e);
      const open = linkageOpen(e, s, now);
      const closesAt = links ? linkageClosesAt(e.reportedAt, s) : null;
      if (!open || !e.location) return { links, open: false, closesAt, radiusM: s.radiusM, cameras: [] };
      const enabled = (await this.repo.all(sql)).filter((r) => r.enabled === 1).map(cameraOf);
      const cameras: LinkedCamera[] = nearestCameras(enabled, e.location, s).map((c) => ({
        id: cameraEntityId(c.code),
        code: c.code,
        name: c.name,
        gridCode: c.gridCode,
        distanceM: Math.round(c.distanceM),
      }));
      return { links, open, closesAt, radiusM: s.radiusM, cameras };
    });
  }

  /**
   * The newest event in linkage now, for the wall (no actor: the wall service has checked its
   * reader): the same rule as the desk's panel (`linkageOpen`), the newest by its report time (then
   * the larger id), its nearest enabled cameras with their addresses, and how many others are open.
   * Null when none is.
   */
  async active(): Promise<ActiveLinkage | null> {
    const now = this.kernel.clock.now();
    const s = await this.kernel.read((sql) => readLinkageSettings(sql));
    const since = new Date(now.getTime() - s.closeAfterMinutes * 60_000).toISOString();
    const open = (await this.candidates(since))
      .filter((e) => linkageOpen(e, s, now))
      .sort((a, b) => Date.parse(b.reportedAt) - Date.parse(a.reportedAt) || b.id.localeCompare(a.id));
    const e = open[0];
    if (!e?.location) return null;
    const enabled = await this.kernel.read(async (sql) => (await this.repo.all(sql)).filter((r) => r.enabled === 1).map(cameraOf));
    return {
      eventId: e.id,
      title: e.title,
      level: e.level as Level,
      gridCode: e.gridCode,
      reportedAt: e.reportedAt,
      closesAt: linkageClosesAt(e.reportedAt, s),
      radiusM: s.radiusM,
      cameras: nearestCameras(enabled, e.location, s).map((c) => ({
        code: c.code,
        name: c.name,
        hlsUrl: c.hlsUrl,
        flvUrl: c.flvUrl,
        ...(c.whepUrl ? { whepUrl: c.whepUrl } : {}),
        distanceM: Math.round(c.distanceM),
      })),
      others: open.length - 1,
    };
  }
}
