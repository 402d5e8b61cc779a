import { describe, expect, it } from 'vitest';
import {
  ACTION_RULES,
  canStart,
  checkAction,
  checkPayload,
  EVENT_ACTIONS,
  EVENT_STATES,
  nextState,
  type EventAction,
  type EventState,
} from '../../main/core/events/event-lifecycle';

// PROTOCOL.md's table, typed out again on purpose: the code's table must agree with the contract.
const FROM: Record<EventAction, readonly (EventState | 'new')[]> = {
  report: ['new'],
  assign_to_town: ['new', 'returned'],
  accept: ['reported'],
  dispatch: ['accepted', 'dispatched', 'in_progress'],
  acknowledge: ['dispatched'],
  arrive: ['in_progress'],
  report_back: ['in_progress'],
  verify: ['resolved'],
  reject: ['resolved'],
  close: ['accepted'],
  return: ['reported', 'accepted'],
  escalate: ['reported', 'accepted', 'dispatched', 'in_progress'],
  invalid: ['reported', 'accepted'],
  merge: ['reported', 'accepted'],
  extend: ['dispatched', 'in_progress'],
  note: ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'returned', 'escalated'],
  district_update: ['escalated', 'returned'],
  district_close: ['escalated'],
  reclassify: ['accepted', 'dispatched', 'in_progress'],
  hold: ['dispatched', 'in_progress'],
  release: ['dispatched', 'in_progress'],
  follow_up: ['closed'],
  reopen: ['closed'],
  situation_report: ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed', 'returned', 'escalated'],
  attach: ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed', 'returned', 'escalated'],
};

const TO: Partial<Record<EventAction, EventState>> = {
  report: 'reported',
  assign_to_town: 'reported',
  accept: 'accepted',
  dispatch: 'dispatched',
  acknowledge: 'in_progress',
  report_back: 'resolved',
  verify: 'closed',
  reject: 'in_progress',
  close: 'closed',
  return: 'returned',
  escalate: 'escalated',
  invalid: 'invalid',
  merge: 'merged',
  district_close: 'closed',
  reopen: 'reported',
};

describe('event lifecycle table', () => {
  for (const action of EVENT_ACTIONS) {
    it(`${action}: starts exactly where PROTOCOL.md says`, () => {
      expect(canStart(action, undefined)).toBe(FROM[action].includes('new'));
      for (const state of EVENT_STATES) {
        expect(canStart(action, state), `${action} from ${state}`).toBe(FROM[action].includes(state));
      }
    });
    it(`${action}: leads where PROTOCOL.md says`, () => {
      const start = FROM[action].find((s): s is EventState => s !== 'new');
      const to = nextState(action, start);
      expect(to).toBe(TO[action] ?? start);
    });
  }

  it('checks role, then state, then payload, in that order', () => {
    // district-only from a console: forbidden even when state and payload are also wrong
    expect(checkAction('district_close', 'reported', {}, 'console')?.reason).toBe('forbidden');
    // wrong state beats a bad payload
    expect(checkAction('accept', 'closed', { junk: 1 }, 'console')?.reason).toBe('conflict');
    expect(checkAction('dispatch', 'accepted', { leadPostId: 'p' }, 'console')).toEqual({
      reason: 'invalid',
      message: 'cooperatingPostIds is required for dispatch',
    });
    expect(checkAction('report', 'reported', {}, 'console')?.message).toBe('event already exists');
  });

  it('refuses payload values outside their lists', () => {
    const report = { title: 't', categoryCode: 'c', level: 'huge', source: 'grid', reportedAt: '2026-11-23T00:00:00Z' };
    expect(checkPayload('report', report)).toMatch(/level must be one of/);
    expect(checkPayload('report', { ...report, level: 'major', source: 'pigeon' })).toMatch(/source/);
    expect(checkPayload('report', { ...report, level: 'major', reportedAt: 'yesterday' })).toMatch(/ISO 8601/);
    for (const loose of ['1', '2026', 'Nov 23 2026', '2026-11-23', '2026-11-23T08:30:00']) {
      expect(checkPayload('report', { ...report, level: 'major', reportedAt: loose }), loose).toMatch(/ISO 8601/);
    }
    expect(checkPayload('report', { ...report, level: 'major', reportedAt: '2026-11-23T08:30:00+08:00' })).toBeNull();
    expect(checkPayload('dispatch', { leadPostId: 'p', cooperatingPostIds: [''] })).toMatch(/array of strings/);
    expect(checkPayload('report', { ...report, level: 'major', location: { lng: 500, lat: 0 } })).toMatch(/location/);
    expect(checkPayload('report', { ...report, level: 'major' })).toBeNull();
    expect(checkPayload('note', [])).toBe('payload must be an object');
    expect(checkPayload('reject', { reason: '   ' })).toMatch(/non-empty/);
  });

  it('lists a required field for every action the table names', () => {
    expect(Object.keys(ACTION_RULES.extend.required).sort()).toEqual(['approvedBy', 'reason', 'until']);
    expect(Object.keys(ACTION_RULES.merge.required)).toEqual(['intoEventId']);
    // PROTOCOL.md v1.1
    expect(Object.keys(ACTION_RULES.reclassify.required).sort()).toEqual(['categoryCode', 'level', 'reason']);
    expect(Object.keys(ACTION_RULES.hold.required).sort()).toEqual(['approvedBy', 'reason', 'reviewBy']);
    expect(Object.keys(ACTION_RULES.release.required)).toEqual(['reason']);
  });

  it('a hold’s reviewBy is a real date (YYYY-MM-DD); a reclassify’s level is one of the four', () => {
    const hold = { reason: '需区财政拨款', approvedBy: 'p1' };
    expect(checkPayload('hold', { ...hold, reviewBy: '2026-12-20' })).toBeNull();
    for (const bad of ['2026-02-30', '2026-12-20T00:00:00Z', '20261220', '', 20261220]) {
      expect(checkPayload('hold', { ...hold, reviewBy: bad }), String(bad)).toMatch(/date/);
    }
    expect(checkPayload('reclassify', { categoryCode: 'c', level: 'huge', reason: 'r' })).toMatch(/level must be one of/);
    expect(checkAction('hold', 'accepted', { ...hold, reviewBy: '2026-12-20' }, 'console')?.reason).toBe('conflict');
  });

  it('回访 (follow_up): only on a closed event, a satisfaction of the three and a text; reopen: only a closed event, with a reason (#16)', () => {
    expect(Object.keys(ACTION_RULES.follow_up.required).sort()).toEqual(['satisfaction', 'text']);
    expect(Object.keys(ACTION_RULES.reopen.required)).toEqual(['reason']);
    for (const satisfaction of ['satisfied', 'basically_satisfied', 'unsatisfied']) {
      expect(checkAction('follow_up', 'closed', { satisfaction, text: '电话回访' }, 'console'), satisfaction).toBeNull();
    }
    for (const bad of ['happy', 'unreachable', '', 3]) {
      expect(checkAction('follow_up', 'closed', { satisfaction: bad, text: '电话回访' }, 'console'), String(bad)).toEqual({
        reason: 'invalid',
        message: 'satisfaction must be one of satisfied, basically_satisfied, unsatisfied',
      });
    }
    expect(checkAction('follow_up', 'closed', { satisfaction: 'satisfied' }, 'console')?.message).toBe('text is required for follow_up');
    expect(checkAction('follow_up', 'in_progress', { satisfaction: 'satisfied', text: 't' }, 'console')).toEqual({
      reason: 'conflict',
      message: 'follow_up cannot start from in_progress',
    });
    expect(checkAction('reopen', 'reported', { reason: '群众不满意' }, 'console')).toEqual({ reason: 'conflict', message: 'reopen cannot start from reported' });
    expect(checkAction('reopen', 'closed', {}, 'console')).toEqual({ reason: 'invalid', message: 'reason is required for reopen' });
    expect(nextState('reopen', 'closed')).toBe('reported');
    expect(nextState('follow_up', 'closed')).toBe('closed');
  });
});
