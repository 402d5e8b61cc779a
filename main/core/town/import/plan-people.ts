/**
 * The import's plan, its people and their accounts: matched by 人员编号 (a person here without a code
 * whose username and name the sheets give a code takes that code instead of being added twice); a
 * person of the town the people sheet leaves out is deactivated, an account the accounts sheet leaves
 * out is closed; usernames are unique across the town.
 */
import type { AccountRow, PersonRow } from './sheet-specs';
import { ACCOUNTS_SHEET, PEOPLE_SHEET } from './sheet-specs';
import { personOf } from '../town.repository';
import { hasAccount, noAccount, type Origin, type PersonState, type PlanScope } from './plan-scope';
import type { ReadSheet } from './workbook';

export interface PeoplePlan {
  readonly before: ReadonlyMap<string, PersonState>;
  /** Every person after the import, by id. */
  readonly people: Map<string, PersonState>;
  readonly byCode: ReadonlyMap<string, PersonState>;
  /** The row of the people sheet each person came from. */
  readonly origin: ReadonlyMap<string, Origin>;
  /** The row of the accounts sheet each account came from. */
  readonly accountOrigin: ReadonlyMap<string, Origin>;
  readonly sheet: ReadSheet | undefined;
  readonly accountsSheet: ReadSheet | undefined;
  describe(p: PersonState): string;
  /** A person a cell names by code: must exist and stay active. */
  ref(o: Origin, key: string, code: string, what: string): PersonState | null;
}

export function planPeople(scope: PlanScope): PeoplePlan {
  const peopleBefore = new Map<string, PersonState>(scope.town.people.map((p) => [p.id, { ...personOf(p), code: p.code, username: p.username, version: p.version }]));
  const people = new Map<string, PersonState>([...peopleBefore].map(([id, p]) => [id, { ...p, roles: [...p.roles] }]));
  const personByCode = new Map<string, PersonState>();
  for (const p of people.values()) if (p.code) personByCode.set(p.code, p);
  const personOrigin = new Map<string, Origin>();
  const peopleSheet = scope.sheet(PEOPLE_SHEET.name);
  const accountsSheet = scope.sheet(ACCOUNTS_SHEET.name);
  // A person already here without a code (the administrator the set-up made) whose username and name
  // the sheets give to a code is that person: they take the code instead of being added twice.
  const usernameOfCode = new Map<string, string>();
  for (const row of accountsSheet?.rows ?? []) {
    const v = row.values as Partial<AccountRow>;
    if (v.personCode && v.username && v.active !== false) usernameOfCode.set(v.personCode, v.username.toLowerCase());
  }
  const uncodedByUsername = new Map<string, PersonState>();
  for (const p of people.values()) if (!p.code && hasAccount(p.username)) uncodedByUsername.set(p.username.toLowerCase(), p);
  if (peopleSheet) {
    const inFile = new Set<string>();
    for (const { o, v } of scope.unique<PersonRow>(peopleSheet, 'code', '人员编号')) {
      if (!v.code) continue;
      inFile.add(v.code);
      const boardCode = scope.boardOf(o, 'board', v.board);
      let p = personByCode.get(v.code);
      const same = p ? undefined : uncodedByUsername.get(usernameOfCode.get(v.code) ?? '');
      if (same && same.name === v.name) {
        uncodedByUsername.delete(same.username.toLowerCase());
        same.code = v.code;
        p = same;
        personByCode.set(v.code, p);
      }
      if (!p) {
        const id = scope.ctx.newId();
        p = { id, code: v.code, name: '', phone: '', roles: [], boardCode: null, active: true, username: noAccount(id), version: 0 };
        people.set(p.id, p);
        personByCode.set(v.code, p);
      }
      personOrigin.set(p.id, o);
      if (v.name !== undefined) p.name = v.name;
      if (v.phone !== undefined) p.phone = v.phone;
      if (v.roles !== undefined) p.roles = v.roles;
      if (boardCode !== undefined) p.boardCode = boardCode;
      if (v.active !== undefined) p.active = v.active;
    }
    for (const p of people.values()) if (p.code && !inFile.has(p.code)) p.active = false;
  }
  const describe = (p: PersonState): string => `${p.code ?? p.username}（${p.name}）`;

  // ---- accounts ----------------------------------------------------------------------------------
  const accountOrigin = new Map<string, Origin>();
  if (accountsSheet) {
    const inFile = new Set<string>();
    for (const { o, v } of scope.unique<AccountRow>(accountsSheet, 'personCode', '人员编号')) {
      if (!v.personCode) continue;
      const p = personByCode.get(v.personCode);
      if (!p) {
        scope.at(o, 'personCode', `人员编号“${v.personCode}”不在人员表中，也不是本镇已有的人员：请先在人员表中添加此人。`, v.personCode);
        continue;
      }
      inFile.add(p.id);
      accountOrigin.set(p.id, o);
      if (v.name && p.name && v.name !== p.name) scope.at(o, 'name', `姓名“${v.name}”与人员编号 ${v.personCode} 的姓名“${p.name}”不一致：请核对编号。`, v.name);
      if (v.active === false) p.username = noAccount(p.id);
      else if (v.username !== undefined) {
        if (!p.active && !hasAccount(p.username)) scope.at(o, 'active', `人员 ${describe(p)}已停用（或本次将停用），不能开新账号：请把“是否启用”改为“否”，或在人员表中启用此人。`);
        p.username = v.username;
      }
    }
    for (const p of people.values()) if (p.code && hasAccount(p.username) && !inFile.has(p.id)) p.username = noAccount(p.id);
  }
  // A deactivated person keeps their account but cannot sign in with it (auth refuses an inactive person).
  // Usernames are unique across the town (also against people the import does not touch).
  const byUsername = new Map<string, PersonState[]>();
  for (const p of people.values()) byUsername.set(p.username.toLowerCase(), [...(byUsername.get(p.username.toLowerCase()) ?? []), p]);
  for (const [, holders] of byUsername) {
    if (holders.length < 2) continue;
    for (const p of holders) {
      const o = accountOrigin.get(p.id);
      const other = holders.find((x) => x !== p)!;
      if (o) scope.at(o, 'username', `账号“${p.username}”已被 ${describe(other)} 使用：每个账号只能给一个人。`, p.username);
    }
    if (!holders.some((p) => accountOrigin.has(p.id)) && accountsSheet)
      scope.sheetFault(accountsSheet, `账号“${holders[0].username}”同时属于 ${holders.map(describe).join('、')}。`);
  }
  /** A person a cell names by code: must exist and stay active. */
  const personRef = (o: Origin, key: string, code: string, what: string): PersonState | null => {
    const p = personByCode.get(code);
    if (!p) {
      scope.at(o, key, `${what}“${code}”不是人员：人员表中没有这个编号，本镇也没有此人。`, code);
      return null;
    }
    if (!p.active) {
      scope.at(o, key, `${what} ${describe(p)}已停用（或本次将停用）：请换成在岗的人员。`, code);
      return null;
    }
    return p;
  };
  return {
    before: peopleBefore,
    people,
    byCode: personByCode,
    origin: personOrigin,
    accountOrigin,
    sheet: peopleSheet,
    accountsSheet,
    describe,
    ref: personRef,
  };
}
