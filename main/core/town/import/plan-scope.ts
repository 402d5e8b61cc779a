/**
 * What the parts of an import's plan share (plan-people.ts, plan-posts.ts, plan-grids.ts,
 * plan-catalogue.ts, plan-diff.ts; plan.ts composes them): the state of each record as the plan
 * holds it, the writes an apply makes, and the scope of one plan — the upload's sheets, the town now,
 * its faults (each at its sheet, row and column), each sheet's rows with every key once, and the boards.
 */
import { NO_ACCOUNT_PREFIX } from '../../auth/account.repository';
import type { ImportChange, ImportCount, ImportEntity } from '../../../../preload/contract/town-import-schemas';
import type { Level, Limit, Role } from '../../../../preload/contract/schemas';
import type { Post } from '../town.repository';
import type { TownNow } from './snapshot';
import type { ParsedUpload } from './parse';
import type { ReadSheet, SheetRow } from './workbook';

/** The four boards of the 141 system (DESIGN.md, 板块), with the short names a sheet may use. */
export const STANDARD_BOARDS = [
  { code: 'party', name: '党的建设', short: ['党建'] },
  { code: 'economy', name: '经济发展', short: ['经济'] },
  { code: 'livelihood', name: '民生服务', short: ['民生'] },
  { code: 'safety', name: '平安法治', short: ['平安', '法治'] },
] as const;

/** A person with no account has a username of this prefix and their id (auth's convention, shared with the admin pages). */
export const noAccount = (personId: string): string => `${NO_ACCOUNT_PREFIX}${personId}`;
export const hasAccount = (username: string): boolean => !username.startsWith(NO_ACCOUNT_PREFIX);

export interface PersonState {
  id: string;
  code: string | null;
  name: string;
  phone: string;
  roles: Role[];
  boardCode: string | null;
  active: boolean;
  username: string;
  version: number;
}

export interface PostState extends Post {
  version: number;
}

export interface VillageState {
  code: string;
  name: string;
  geometry: string | null;
  active: boolean;
}

export interface GridState {
  code: string;
  name: string;
  villageCode: string;
  village: string;
  households: number;
  workerId: string | null;
  geometry: string;
  active: boolean;
  version: number;
}

export interface ItemState {
  code: string;
  name: string;
  categoryCode: string;
  categoryName: string;
  boardCode: string;
  leadPostId: string;
  coopPostIds: string[];
  level: Level;
  limits: Record<'accept' | 'acknowledge' | 'onScene' | 'resolve', Limit>;
  standard: string;
  answerTemplate: string;
  sensorTypes: string[];
  active: boolean;
}

/** What an apply writes: the records whose state changes, with the one they had. */
export interface ImportWrites {
  readonly boards: { code: string; name: string }[];
  readonly people: { before: PersonState | null; after: PersonState; postIds: string[] }[];
  /** Accounts opened (a one-time password), renamed, or closed. */
  readonly accounts: { personId: string; code: string; name: string; change: 'added' | 'changed' | 'deactivated'; username: string }[];
  readonly posts: { before: PostState | null; after: PostState }[];
  readonly villages: { before: VillageState | null; after: VillageState }[];
  readonly grids: { before: GridState | null; after: GridState }[];
  readonly items: { before: ItemState | null; after: ItemState }[];
}

export interface ImportPlan {
  readonly counts: Partial<Record<ImportEntity, ImportCount>>;
  readonly changes: ImportChange[];
  readonly writes: ImportWrites;
}

export interface PlanContext {
  /** The administrator importing: never deactivated, never without their account or the admin role. */
  readonly actorId: string;
  readonly newId: () => string;
}

/** Where a record came from: its sheet and row. */
export type Origin = { sheet: ReadSheet; row: SheetRow };

export const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().join('\u0001') === [...b].sort().join('\u0001');

/** One plan's upload, town and faults, and the boards its sheets may name. */
export class PlanScope {
  readonly faults: ParsedUpload['faults'];
  private readonly boardCodes = new Map<string, string>();
  /** The standard boards the town does not have yet (the apply adds them). */
  readonly addBoards: { code: string; name: string }[] = [];
  private readonly boardNames: string;

  constructor(
    readonly parsed: ParsedUpload,
    readonly town: TownNow,
    readonly ctx: PlanContext,
  ) {
    this.faults = parsed.faults;
    const boards = [...town.boards];
    for (const b of STANDARD_BOARDS) if (!boards.some((x) => x.code === b.code)) this.addBoards.push({ code: b.code, name: b.name });
    for (const b of [...boards, ...this.addBoards]) {
      this.boardCodes.set(b.code, b.code);
      this.boardCodes.set(b.name, b.code);
    }
    for (const b of STANDARD_BOARDS) for (const s of b.short) if (!this.boardCodes.has(s)) this.boardCodes.set(s, b.code);
    this.boardNames = [...boards, ...this.addBoards].map((b) => b.name).join('、');
  }

  sheet(name: string): ReadSheet | undefined {
    return this.parsed.sheets.get(name);
  }

  /** A fault at a cell of a record's row. */
  at(o: Origin, key: string, reason: string, value: string | null = null): void {
    this.faults.add(o.sheet.file, o.sheet.spec.name, o.row.row, o.sheet.letters[key] ?? null, reason, value);
  }

  /** A fault of a whole sheet. */
  sheetFault(s: ReadSheet, reason: string, value: string | null = null): void {
    this.faults.add(s.file, s.spec.name, null, null, reason, value);
  }

  /** The rows of a sheet, each key once: a repeated key is a fault at its later row. */
  unique<T>(s: ReadSheet | undefined, key: string, what: string): { o: Origin; v: Partial<T> }[] {
    if (!s) return [];
    const first = new Map<string, number>();
    const out: { o: Origin; v: Partial<T> }[] = [];
    for (const row of s.rows) {
      const o = { sheet: s, row };
      const k = row.values[key];
      if (typeof k === 'string') {
        const earlier = first.get(k);
        if (earlier !== undefined) {
          this.at(o, key, `${what}“${k}”重复：第 ${earlier} 行已有。每个${what}只能出现一次。`, k);
          continue;
        }
        first.set(k, row.row);
      }
      out.push({ o, v: row.values as Partial<T> });
    }
    return out;
  }

  /** A board a cell names (its code, name or short name): undefined when not given or unknown, null when empty. */
  boardOf(o: Origin, key: string, text: string | undefined): string | null | undefined {
    if (text === undefined) return undefined;
    if (text === '') return null;
    const code = this.boardCodes.get(text);
    if (!code) this.at(o, key, `没有“${text}”这个板块：板块只能是 ${this.boardNames}。`, text);
    return code ?? undefined;
  }
}
