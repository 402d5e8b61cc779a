/** The plan rules on their own: validation reasons, trigger matching, release order, the planned schedule. */
import { describe, expect, it } from 'vitest';
import type { PlanStep, PlanTemplateBody } from '../../preload/contract/plan-schemas';
import { dependencyOrder, findCycle, matchTrigger, plannedSchedule, readyToRelease, runFinished, validatePlan } from '../../main/core/plans/plan-rules';

const world = { hasPost: (id: string) => id.startsWith('post-'), hasCategory: (c: string) => ['FOREST-001', 'FOREST-002', 'FLOOD-001'].includes(c) };
const step = (id: string, after: string[] = [], over: Partial<PlanStep> = {}): PlanStep => ({
  id,
  title: `步骤${id}`,
  postId: `post-${id}`,
  ackMinutes: 5,
  limitMinutes: 30,
  after,
  checklist: [],
  ...over,
});
const plan = (steps: PlanStep[], over: Partial<PlanTemplateBody> = {}): PlanTemplateBody => ({
  name: '测试预案',
  kind: 'other',
  description: '',
  triggers: [{ kind: 'manual' }],
  steps,
  contacts: [],
  ...over,
});
const codes = (p: PlanTemplateBody) => validatePlan(p, world).map((i) => [i.code, i.stepId]);

describe('a plan is refused with its reasons', () => {
  it('accepts a well-formed plan', () => {
    expect(validatePlan(plan([step('a'), step('b', ['a']), step('c', ['a', 'b'])]), world)).toEqual([]);
  });
  it('a step with no post, or a post the town does not have', () => {
    expect(codes(plan([step('a', [], { postId: '' }), step('b', [], { postId: 'nowhere' })]))).toEqual([
      ['no_post', 'a'],
      ['unknown_post', 'b'],
    ]);
  });
  it('a time limit of zero, and an acknowledgement after the limit', () => {
    expect(codes(plan([step('a', [], { limitMinutes: 0 }), step('b', [], { ackMinutes: 40, limitMinutes: 30 })]))).toEqual([
      ['zero_limit', 'a'],
      ['ack_after_limit', 'b'],
    ]);
  });
  it('a cycle in the order names the steps on it', () => {
    const issues = validatePlan(plan([step('a', ['c']), step('b', ['a']), step('c', ['b']), step('d')]), world);
    expect(issues.map((i) => i.code)).toEqual(['cycle']);
    expect(issues[0]!.message).toContain('a → c → b → a');
  });
  it('waiting for itself, for a step that does not exist, two steps with one id', () => {
    expect(codes(plan([step('a', ['a']), step('b', ['zz']), step('b')]))).toEqual([
      ['duplicate_step', 'b'],
      ['self_after', 'a'],
      ['unknown_after', 'b'],
    ]);
  });
  it('no name, no steps, no trigger, an empty trigger, a category the catalogue lacks', () => {
    const p = plan([], { name: ' ', triggers: [] });
    expect(codes(p)).toEqual([
      ['empty_name', null],
      ['no_trigger', null],
      ['no_steps', null],
    ]);
    const q = plan([step('a')], {
      triggers: [
        { kind: 'category', categoryCodes: [] },
        { kind: 'sensor', sensorType: 'smoke', categoryCodes: ['NOPE-1'] },
      ],
    });
    expect(codes(q)).toEqual([
      ['empty_trigger', null],
      ['unknown_category', null],
    ]);
  });
});

describe('findCycle', () => {
  it('finds none in a diamond and one in a loop of two', () => {
    expect(findCycle([step('a'), step('b', ['a']), step('c', ['a']), step('d', ['b', 'c'])])).toBeNull();
    expect(findCycle([step('a', ['b']), step('b', ['a'])])).toEqual(['a', 'b']);
  });
});

describe('triggers', () => {
  const smoke = { kind: 'sensor' as const, sensorType: 'smoke', threshold: 0.7, categoryCodes: ['FOREST-001'] };
  const fire = { kind: 'category' as const, categoryCodes: ['FOREST-002'], minLevel: 'major' as const };
  const facts = (over: Partial<Parameters<typeof matchTrigger>[1]> = {}) => ({
    categoryCode: 'FOREST-001',
    level: 'major' as const,
    source: 'sensor',
    sensor: { type: 'smoke', value: 0.82 },
    ...over,
  });

  it('a smoke reading at or over the threshold matches; under it does not', () => {
    expect(matchTrigger([smoke], facts())).toBe(smoke);
    expect(matchTrigger([smoke], facts({ sensor: { type: 'smoke', value: 0.7 } }))).toBe(smoke);
    expect(matchTrigger([smoke], facts({ sensor: { type: 'smoke', value: 0.69 } }))).toBeNull();
  });
  it('another sensor type, no reading, or another category does not match', () => {
    expect(matchTrigger([smoke], facts({ sensor: { type: 'water_level', value: 5 } }))).toBeNull();
    expect(matchTrigger([smoke], facts({ sensor: null }))).toBeNull();
    expect(matchTrigger([smoke], facts({ categoryCode: 'FLOOD-001' }))).toBeNull();
  });
  it('a category trigger respects its lowest level; manual never matches an event', () => {
    expect(matchTrigger([fire], facts({ categoryCode: 'FOREST-002', sensor: null, level: 'serious' }))).toBe(fire);
    expect(matchTrigger([fire], facts({ categoryCode: 'FOREST-002', sensor: null, level: 'general' }))).toBeNull();
    expect(matchTrigger([{ kind: 'manual' }], facts())).toBeNull();
  });
});

describe('release', () => {
  const tasks = (status: Record<string, string>) =>
    [step('a'), step('b'), step('c', ['a']), step('d', ['a', 'b']), step('e', ['d'])].map((s) => ({ stepId: s.id, after: s.after, status: (status[s.id] ?? 'waiting') as never }));

  it('at the start, every step that waits for nothing', () => {
    expect(readyToRelease(tasks({}))).toEqual(['a', 'b']);
  });
  it('a step waits until every one before it is done or skipped', () => {
    expect(readyToRelease(tasks({ a: 'done', b: 'dispatched' }))).toEqual(['c']);
    expect(readyToRelease(tasks({ a: 'done', b: 'acknowledged', c: 'dispatched' }))).toEqual([]);
    expect(readyToRelease(tasks({ a: 'done', b: 'skipped', c: 'dispatched' }))).toEqual(['d']);
  });
  it('the run is finished when nothing is waiting, dispatched or acknowledged', () => {
    expect(runFinished(tasks({ a: 'done', b: 'done', c: 'skipped', d: 'done', e: 'acknowledged' }))).toBe(false);
    expect(runFinished(tasks({ a: 'done', b: 'done', c: 'skipped', d: 'done', e: 'cancelled' }))).toBe(true);
  });
});

describe('the planned schedule and the order', () => {
  it('a step starts when the last step it waits for should end', () => {
    const start = Date.parse('2026-11-23T01:00:00Z');
    const s = plannedSchedule([step('a', [], { limitMinutes: 15 }), step('b', [], { limitMinutes: 30 }), step('c', ['a', 'b'], { limitMinutes: 10 })], start);
    expect((s.get('c')!.startMs - start) / 60_000).toBe(30);
    expect((s.get('c')!.doneMs - start) / 60_000).toBe(40);
  });
  it('orders steps after the steps they wait for, keeping the plan order otherwise', () => {
    expect(dependencyOrder([step('c', ['b']), step('a'), step('b', ['a']), step('d')]).map((s) => s.id)).toEqual(['a', 'b', 'd', 'c']);
  });
});
