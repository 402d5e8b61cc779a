/**
 * Rosters and shifts made on another console of the town (or by the district), folded into this
 * console's roster tables inside the sync page's transaction (the sync sinks `roster` and `shift`;
 * docs/protocol-decisions.md, "Every record both ways"):
 * - a month's plan (`roster`) is one versioned record per month: the newest HLC wins its fields
 *   (templates, seed, when generated); two consoles' rosters of the same month are the same plan
 *   (matched by month when their ids differ; the local id stays);
 * - a shift is matched by id, else by its month, day and template; its own fields (name, times,
 *   roles) go with the newest HLC of the shift, and each cell with the newest HLC of that cell
 *   (`slots[].hlc`), so two people editing different cells of one shift on two consoles both keep
 *   their change; a cancelled shift (its month planned anew) is deleted unless changed here since.
 * Taken as it is: the console's own rules (clashes, ended shifts) are checked where the change is
 * made. Nothing here is sent back: the op is already on the server.
 */
import type { Sql } from '../db/db';
import type { RosterContext } from './roster-context';
import type { CellRecord, ShiftRecord } from './roster.repository';

type Payload = Record<string, unknown>;

const MONTH = /^\d{4}-\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const iso = (v: unknown): v is string => str(v) && Number.isFinite(Date.parse(v));

/** A payload this console cannot take: thrown, so the op is kept in 同步问题 with the reason. */
function unreadable(entity: string, id: string, what: string): never {
  throw new Error(`${entity} ${id}: ${what}`);
}

interface RemoteCell {
  readonly roleKey: string;
  readonly slot: number;
  readonly personId: string | null;
  readonly hlc: string | null;
}

function cellsOf(id: string, value: unknown): RemoteCell[] {
  if (!Array.isArray(value)) unreadable('shift', id, '`slots` is not a list');
  return value.map((c: unknown) => {
    const cell = (c ?? {}) as Payload;
    const ok = str(cell.roleKey) && Number.isInteger(cell.slot) && (cell.slot as number) >= 0 && (cell.personId === null || str(cell.personId));
    if (!ok) unreadable('shift', id, 'a cell without roleKey, slot or personId');
    return { roleKey: cell.roleKey as string, slot: cell.slot as number, personId: cell.personId as string | null, hlc: str(cell.hlc) ? cell.hlc : null };
  });
}

export class RosterRemote {
  constructor(private readonly ctx: RosterContext) {}

  /** A `roster` upsert (a month's plan): the newest HLC wins. */
  async applyRoster(sql: Sql, id: string, p: Payload, hlc: string, at: string): Promise<boolean> {
    if (!str(p.month) || !MONTH.test(p.month)) unreadable('roster', id, '`month` is not YYYY-MM');
    if (!Array.isArray(p.templates)) unreadable('roster', id, '`templates` is not a list');
    const { repo } = this.ctx;
    const local = (await repo.rosterById(sql, id)) ?? (await repo.rosterByMonth(sql, p.month));
    this.ctx.hlc.receive(hlc);
    if (local && local.hlc >= hlc) return false;
    const fields = {
      templates: JSON.stringify(p.templates),
      seed: typeof p.seed === 'number' ? p.seed : null,
      generated_at: iso(p.generatedAt) ? p.generatedAt : null,
      updated_at: iso(p.updatedAt) ? p.updatedAt : at,
      hlc,
    };
    if (local) await repo.updateRoster(sql, { ...local, ...fields, version: local.version + 1 });
    else await repo.insertRoster(sql, { id, month: p.month, created_at: at, version: 1, ...fields });
    return true;
  }

  /** A `shift` upsert: its fields by the shift's HLC, each cell by its own; a cancelled one deleted. */
  async applyShift(sql: Sql, id: string, p: Payload, hlc: string, at: string): Promise<boolean> {
    const { repo } = this.ctx;
    this.ctx.hlc.receive(hlc);
    if (p.cancelled === true) {
      const gone = await repo.shiftRecord(sql, id);
      if (!gone || gone.hlc >= hlc) return false;
      await repo.deleteShift(sql, id);
      return true;
    }
    const month = p.month;
    const valid =
      str(month) && MONTH.test(month) && str(p.date) && DATE.test(p.date) && str(p.templateCode) && str(p.name) && iso(p.startsAt) && iso(p.endsAt) && Array.isArray(p.roles);
    if (!valid) unreadable('shift', id, 'month, date, templateCode, name, startsAt, endsAt or roles missing');
    const cells = cellsOf(id, p.slots);
    let roster = (str(p.rosterId) ? await repo.rosterById(sql, p.rosterId) : undefined) ?? (await repo.rosterByMonth(sql, month));
    if (!roster) {
      // The month's plan comes after its shifts (generating writes them first): a place for them until it does.
      roster = { id: str(p.rosterId) ? p.rosterId : id, month, templates: '[]', seed: null, generated_at: null, created_at: at, updated_at: at, version: 0, hlc: '' };
      await repo.insertRoster(sql, roster);
    }
    const local = (await repo.shiftRecord(sql, id)) ?? (await repo.shiftAt(sql, roster.id, p.date as string, p.templateCode as string));
    const fields: Omit<ShiftRecord, 'id' | 'roster_id' | 'version'> = {
      date: p.date as string,
      template_code: p.templateCode as string,
      name: p.name as string,
      starts_at: new Date(p.startsAt as string).toISOString(),
      ends_at: new Date(p.endsAt as string).toISOString(),
      night: p.night === true ? 1 : 0,
      day_kind: (['workday', 'weekend', 'holiday'].includes(p.dayKind as string) ? p.dayKind : 'workday') as ShiftRecord['day_kind'],
      roles: JSON.stringify(p.roles),
      hlc,
    };
    if (!local) {
      await repo.insertShift(sql, { id, roster_id: roster.id, version: 1, ...fields });
      for (const c of cells) await repo.putCell(sql, id, { role_key: c.roleKey, slot: c.slot, person_id: c.personId, hlc: c.hlc ?? hlc });
      return true;
    }
    let changed = false;
    if (hlc > local.hlc) {
      await repo.replaceShift(sql, { ...local, ...fields, version: local.version + 1 });
      changed = true;
    }
    const mine = new Map<string, CellRecord>((await repo.cells(sql, local.id)).map((c) => [`${c.role_key}#${c.slot}`, c]));
    for (const c of cells) {
      const theirs = c.hlc ?? hlc;
      const here = mine.get(`${c.roleKey}#${c.slot}`);
      if (here && (here.hlc ?? local.hlc) >= theirs) continue;
      if (here && here.person_id === c.personId && here.hlc === theirs) continue;
      await repo.putCell(sql, local.id, { role_key: c.roleKey, slot: c.slot, person_id: c.personId, hlc: theirs });
      changed = true;
    }
    return changed;
  }
}
