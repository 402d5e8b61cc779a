/** The reference district takes ops whose opId and entityId are UUIDv7 (new consoles) beside v4 ones (older consoles). */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { newId } from '../../main/core/kernel/ids';
import { NODE_A, NodeOps, TOKENS, pull, pushOk, reportPayload, startFresh, type Harness } from './district-test-kit';

let h: Harness;
beforeEach(async () => {
  h = await startFresh();
});
afterEach(async () => {
  await h.close();
});

it('applies v7 and v4 op ids alike, and a v7 duplicate is a duplicate', async () => {
  const a = new NodeOps(NODE_A);
  const v7Event = newId();
  const v4Event = randomUUID();
  const v7Op = { ...a.action(v7Event, 'report', reportPayload()), opId: newId() };
  const v4Op = a.action(v4Event, 'report', reportPayload());
  const results = await pushOk(h, TOKENS.console_a, NODE_A, [v7Op, v4Op]);
  expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
  expect((await pushOk(h, TOKENS.console_a, NODE_A, [v7Op]))[0]).toMatchObject({ opId: v7Op.opId, status: 'duplicate' });
  const pulled = await pull(h, TOKENS.console_a);
  expect(pulled.ops.map((o) => [o.opId, o.entityId])).toEqual([
    [v7Op.opId, v7Event],
    [v4Op.opId, v4Event],
  ]);
});
