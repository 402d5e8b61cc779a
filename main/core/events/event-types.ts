/**
 * The events feature's shared words: what a report holds, what the report hooks see, what an op
 * from the district looks like, and the ranks of levels. Types and constants only.
 */
import type { RemoteOp } from '../kernel/remote-op';
import type { Level, SensorReading, Source, State } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';

export const LEVEL_RANK: Readonly<Record<Level, number>> = { general: 0, major: 1, serious: 2, especially_serious: 3 };

/** How close in time a report of the same item in the same grid counts as a possible duplicate. */
export const DUPLICATE_WINDOW_MS = 2 * 3600_000;

/** Where an op applied from sync came from: its node and its HLC (kept, not re-stamped). */
export interface RemoteOrigin {
  readonly nodeId: string;
  readonly hlc: string;
}
export type { RemoteOp };

/** The district's record of an event, which a diverged event is reset to. */
export interface ServerRecord {
  readonly entityId: string;
  readonly version: number;
  readonly hlc: string;
  readonly state?: string;
  readonly payload: Record<string, unknown>;
}

export interface ReportInput {
  title: string;
  categoryCode: string;
  level: Level;
  source: Source;
  reportedAt?: string;
  gridCode?: string;
  description?: string;
  location?: { lng: number; lat: number };
  callerName?: string;
  callerPhone?: string;
  /** A sensor alert's reading (kept beside the event; plans trigger on it). */
  sensor?: SensorReading;
}

/** A newly reported event as the hooks see it (plans match their triggers on it). */
export interface ReportedEvent {
  readonly id: string;
  readonly title: string;
  readonly categoryCode: string;
  readonly level: Level;
  readonly source: string;
  readonly sensor: SensorReading | null;
}

/**
 * Runs inside the transaction that records new events (a local report: one; a page of district ops:
 * the page's new events, once, after their rows are written); what it returns runs after the commit
 * (e.g. to tell the UI).
 */
export type ReportHook = (sql: Sql, reported: readonly { readonly event: ReportedEvent; readonly at: string }[]) => Promise<(() => void) | void>;

export interface QueueFilter {
  levels?: Level[];
  states?: State[];
  sources?: Source[];
  boardCode?: string;
  search?: string;
  overdueOnly?: boolean;
  limit: number;
}

export interface DispatchRequest {
  eventId: string;
  leadPostId: string;
  cooperatingPostIds: string[];
  overrideReason?: string;
}

/** A sensor reading from a district payload, when it has the right shape (anything else is ignored). */
export function sensorOf(v: unknown): SensorReading | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const r = v as Record<string, unknown>;
  if (typeof r.type !== 'string' || r.type.length === 0 || r.type.length > 40 || typeof r.value !== 'number' || !Number.isFinite(r.value)) return undefined;
  return { type: r.type, value: r.value, ...(typeof r.unit === 'string' && r.unit.length <= 16 ? { unit: r.unit } : {}) };
}
