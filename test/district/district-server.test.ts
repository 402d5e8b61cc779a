/**
 * Conformance of the reference district server to PROTOCOL.md, one test per rule, each against a real
 * server (127.0.0.1, ephemeral port, fresh data dir) over real HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NODE_A,
  NODE_B,
  NODE_D,
  NodeOps,
  OTHER_TOWN,
  TOKENS,
  TOKEN_TABLE,
  TOWN,
  bearer,
  openStream,
  opsUrl,
  pull,
  push,
  pushOk,
  pushRaw,
  reportPayload,
  snapshot,
  startFresh,
  streamOps,
  type Harness,
  type Json,
  type StreamReader,
} from './district-test-kit';
import { startDistrictServer } from './server';

const REPO = path.resolve(__dirname, '../..');

let h: Harness;
let a: NodeOps;
let b: NodeOps;
let d: NodeOps;
const streams: StreamReader[] = [];

async function fresh(options: Parameters<typeof startFresh>[0] = {}): Promise<void> {
  await h.close();
  h = await startFresh(options);
}

beforeEach(async () => {
  h = await startFresh();
  a = new NodeOps(NODE_A);
  b = new NodeOps(NODE_B);
  d = new NodeOps(NODE_D);
});

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await h.close();
});

async function errorOf(response: Response): Promise<{ status: number; body: Json & { error: { code: string; message: string } } }> {
  return { status: response.status, body: (await response.json()) as Json & { error: { code: string; message: string } } };
}

async function entityOf(entityId: string, entity = 'event') {
  return (await snapshot(h)).entities.find((e) => e.entity === entity && e.entityId === entityId);
}

/** Pushes one op as node `n` (token by node) and returns its single result. */
async function one(n: NodeOps, op: Json) {
  const token = n === a ? TOKENS.console_a : n === b ? TOKENS.console_b : TOKENS.district;
  const [result] = await pushOk(h, token, n.nodeId, [op]);
  return result;
}

describe('Basics', () => {
  it('every response carries X-Server-Time, the server clock in ISO 8601', async () => {
    const fixed = '2026-11-23T08:30:00.000Z';
    await fresh({ now: () => new Date(fixed) });
    const responses: Response[] = [
      await push(h, TOKENS.console_a, NODE_A, [a.action(randomUUID(), 'report', reportPayload())]),
      await fetch(opsUrl(h), { headers: bearer(TOKENS.console_a) }),
      await fetch(`${h.url}/v1/towns/${TOWN}/snapshot`, { headers: bearer(TOKENS.console_a) }),
      await fetch(`${h.url}/v1/towns/${TOWN}/nodes/${NODE_A}/seq`, { headers: bearer(TOKENS.console_a) }),
      await fetch(opsUrl(h)), // 401
      await fetch(opsUrl(h, OTHER_TOWN), { headers: bearer(TOKENS.console_a) }), // 403
      await pushRaw(h, TOKENS.console_a, '{nope'), // 400
      await push(h, TOKENS.console_a, NODE_A, [{ ...a.action(randomUUID(), 'accept'), seq: 9 }]), // 409
      await fetch(`${h.url}/v1/nowhere`), // 404
    ];
    const stream = await openStream(h, TOKENS.console_a);
    streams.push(stream);
    responses.push(stream.response);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 401, 403, 400, 409, 404, 200]);
    for (const response of responses) expect(response.headers.get('x-server-time')).toBe(fixed);
    // And the same clock stamps receivedAt.
    expect((await pull(h, TOKENS.console_a)).ops[0].receivedAt).toBe(fixed);
  });

  it('a token without a role is a console; the role comes from the tokens file', async () => {
    const eventId = randomUUID();
    // TOKENS.console_a has no role in the table: district-only actions are forbidden to it.
    expect(await one(a, a.action(eventId, 'assign_to_town', reportPayload({ source: 'district' })))).toMatchObject({
      status: 'rejected',
      reason: 'forbidden',
    });
    expect(await one(d, d.action(eventId, 'assign_to_town', reportPayload({ source: 'district' })))).toMatchObject({
      status: 'applied',
      version: 1,
    });
  });
});

describe('Errors and the order of checks', () => {
  const endpoints = (town = TOWN) => [
    { method: 'POST', path: `/v1/towns/${town}/ops` },
    { method: 'GET', path: `/v1/towns/${town}/ops` },
    { method: 'GET', path: `/v1/towns/${town}/stream` },
    { method: 'GET', path: `/v1/towns/${town}/snapshot` },
    { method: 'GET', path: `/v1/towns/${town}/nodes/${NODE_A}/seq` },
  ];

  it('401 when the token is missing or unknown, on every endpoint', async () => {
    for (const { method, path: p } of endpoints()) {
      for (const headers of [{}, bearer('no-such-token'), { Authorization: 'Basic abc' }]) {
        const response = await fetch(`${h.url}${p}`, { method, headers, ...(method === 'POST' ? { body: '{}' } : {}) });
        expect(response.status, `${method} ${p} ${JSON.stringify(headers)}`).toBe(401);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
      }
    }
  });

  it('403 when the town in the path is not the token town; the token is checked first', async () => {
    for (const { method, path: p } of endpoints(OTHER_TOWN)) {
      const response = await fetch(`${h.url}${p}`, {
        method,
        headers: bearer(TOKENS.console_a),
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect(response.status, `${method} ${p}`).toBe(403);
      await response.body?.cancel();
    }
    // Unknown token and a wrong town: the token comes first.
    expect((await fetch(opsUrl(h, OTHER_TOWN), { headers: bearer('nope') })).status).toBe(401);
    // The town comes before the body: broken JSON to the wrong town is a 403.
    expect((await pushRaw(h, TOKENS.console_a, '{broken', OTHER_TOWN)).status).toBe(403);
  });

  it('413 when the body is over the size limit, before JSON is parsed; nothing applied', async () => {
    await fresh({ maxBodyBytes: 2048 });
    const big = a.action(randomUUID(), 'report', reportPayload({ description: 'x'.repeat(4000) }));
    const { status, body } = await errorOf(await push(h, TOKENS.console_a, NODE_A, [big]));
    expect(status).toBe(413);
    expect(body.error.code).toBe('body_too_large');
    // Over the limit and not JSON: still 413, the size is checked first.
    expect((await pushRaw(h, TOKENS.console_a, '{'.repeat(5000))).status).toBe(413);
    expect((await pull(h, TOKENS.console_a)).ops).toHaveLength(0);
    // Under the limit the same node goes on from seq 1.
    a.seq = 0;
    expect(await one(a, a.action(randomUUID(), 'report', reportPayload()))).toMatchObject({ status: 'applied', serverSeq: 1 });
  });

  it('400 for malformed JSON or a body that is not {nodeId, ops}', async () => {
    for (const body of ['{"nodeId":', 'not json', '', '[1,2]', '"ops"', `{"nodeId":"${NODE_A}","ops":{}}`, '{"ops":[]}']) {
      const { status, body: error } = await errorOf(await pushRaw(h, TOKENS.console_a, body));
      expect(status, body).toBe(400);
      expect(error.error.message, body).toBeTruthy();
    }
  });

  it("403 when the body's nodeId is not the token's, before the op count", async () => {
    const { status, body } = await errorOf(await push(h, TOKENS.console_a, NODE_B, [b.action(randomUUID(), 'report', reportPayload())]));
    expect(status).toBe(403);
    expect(body.error.code).toBe('node_mismatch');
    // 501 ops under the wrong node: the node answers first.
    const many = Array.from({ length: 501 }, () => b.action(randomUUID(), 'report', reportPayload()));
    expect((await push(h, TOKENS.console_a, NODE_B, many)).status).toBe(403);
    expect((await pull(h, TOKENS.console_a)).ops).toHaveLength(0);
  });

  it('413 over 500 ops, before the envelopes are checked; 500 is accepted', async () => {
    const broken = Array.from({ length: 501 }, () => ({ nodeId: NODE_A }));
    const { status, body } = await errorOf(await push(h, TOKENS.console_a, NODE_A, broken));
    expect(status).toBe(413);
    expect(body.error.code).toBe('too_many_ops');
    const five00 = Array.from({ length: 500 }, () => a.upsert('dutyLog', randomUUID(), { text: 'ok' }));
    const results = await pushOk(h, TOKENS.console_a, NODE_A, five00);
    expect(results).toHaveLength(500);
    expect(results.every((r) => r.status === 'applied')).toBe(true);
  });

  it("403 when an op's nodeId is not the body's; nothing of the batch applied", async () => {
    const good = a.action(randomUUID(), 'report', reportPayload());
    const foreign: Json = { ...a.action(randomUUID(), 'report', reportPayload()), nodeId: NODE_B };
    const { status, body } = await errorOf(await push(h, TOKENS.console_a, NODE_A, [good, foreign]));
    expect(status).toBe(403);
    expect(body.ops).toEqual([{ index: 1, opId: foreign.opId, message: expect.any(String) }]);
    expect((await pull(h, TOKENS.console_a)).ops).toHaveLength(0);
  });

  it('400 for every broken envelope, naming the offending op, nothing applied, before the seq rule', async () => {
    const id = randomUUID();
    // Seq 2 by default: each broken op follows a valid seq-1 op in its batch.
    const valid = (seq = 2): Json => ({
      opId: randomUUID(),
      nodeId: NODE_A,
      seq,
      hlc: a.hlc(),
      entity: 'event',
      entityId: id,
      kind: 'action',
      action: 'report',
      payload: reportPayload(),
      at: '2026-11-23T08:30:00.000Z',
    });
    const without = (field: string): Json => {
      const op = valid();
      delete op[field];
      return op;
    };
    const cases: [string, Json][] = [
      ['no opId', without('opId')],
      ['empty opId', { ...valid(), opId: '' }],
      ['no nodeId', without('nodeId')],
      ['no seq', without('seq')],
      ['seq 0', { ...valid(), seq: 0 }],
      ['seq 1.5', { ...valid(), seq: 1.5 }],
      ['seq as string', { ...valid(), seq: '1' }],
      ['no hlc', without('hlc')],
      ['hlc not a string', { ...valid(), hlc: 42 }],
      ['no entity', without('entity')],
      ['entity outside the list', { ...valid(), entity: 'weather' }],
      ['no entityId', without('entityId')],
      ['no kind', without('kind')],
      ['kind outside the list', { ...valid(), kind: 'delete' }],
      ['kind=action without action', without('action')],
      ['action not in the table', { ...valid(), action: 'teleport' }],
      ['no payload', without('payload')],
      ['payload null', { ...valid(), payload: null }],
      ['payload an array', { ...valid(), payload: [] }],
      ['payload a string', { ...valid(), payload: 'x' }],
      ['no at', without('at')],
      ['at not a time', { ...valid(), at: 'yesterday' }],
      ['baseVersion not an integer', { ...valid(), baseVersion: 'three' }],
      ['op not an object', 7 as unknown as Json],
    ];
    for (const [name, broken] of cases) {
      // A valid op first (seq 1), then the broken one: the whole batch is refused.
      const { status, body } = await errorOf(await push(h, TOKENS.console_a, NODE_A, [valid(1), broken]));
      expect(status, name).toBe(400);
      expect(body.error.code, name).toBe('malformed_op');
      expect(
        (body.ops as { index: number }[]).map((p) => p.index),
        name,
      ).toEqual([1]);
    }
    expect((await pull(h, TOKENS.console_a)).ops).toHaveLength(0);
    // The envelope is checked before the seq rule: a broken op with a wrong seq is a 400, not a 409.
    expect((await push(h, TOKENS.console_a, NODE_A, [{ ...valid(), seq: 7, kind: 'delete' }])).status).toBe(400);
    // Nothing used up a seq: seq 1 is still the next one.
    expect(await one(a, { ...valid(), seq: 1 })).toMatchObject({ status: 'applied', serverSeq: 1 });
  });

  it('409 {expectedSeq} when seqs do not follow on; nothing of the batch applied; resend works', async () => {
    const e = randomUUID();
    const ops = [a.action(e, 'report', reportPayload()), a.action(e, 'accept')];
    // Starts at 2 (a gap at the start).
    let response = await push(h, TOKENS.console_a, NODE_A, [ops[1]]);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ expectedSeq: 1 });
    // A gap inside the batch: the first op is not applied either, so the node still needs seq 1
    // (PROTOCOL.md v1.1 / issue 14: the expectedSeq the node needs now; this said 2 before, the seq
    // after the part before the gap, which a client that resends from it would skip seq 1 with).
    const third = a.action(e, 'dispatch', { leadPostId: 'P1', cooperatingPostIds: [] });
    response = await push(h, TOKENS.console_a, NODE_A, [ops[0], third]);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ expectedSeq: 1 });
    expect((await pull(h, TOKENS.console_a)).ops).toHaveLength(0);
    expect(await entityOf(e)).toBeUndefined();
    // Resend from expectedSeq.
    expect((await pushOk(h, TOKENS.console_a, NODE_A, ops)).map((r) => r.status)).toEqual(['applied', 'applied']);
    // A new opId reusing an old seq is a 409 too (not a duplicate: duplicates go by opId).
    const reused = { ...a.action(e, 'note', { text: 'again' }), seq: 2 };
    response = await push(h, TOKENS.console_a, NODE_A, [reused]);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ expectedSeq: 3 });
  });

  it('duplicates are set aside before the seq rule', async () => {
    const e = randomUUID();
    const first = [a.action(e, 'report', reportPayload()), a.action(e, 'accept')];
    await pushOk(h, TOKENS.console_a, NODE_A, first);
    // Old ops (seq 1, 2) resent with the next one (seq 3): accepted.
    const next = a.action(e, 'note', { text: 'n' });
    expect((await pushOk(h, TOKENS.console_a, NODE_A, [...first, next])).map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'applied']);
    // A duplicate followed by a gap: 409 with the next seq after the duplicates are skipped.
    a.seq += 1; // skip 4
    const gap = a.action(e, 'note', { text: 'gap' });
    const response = await push(h, TOKENS.console_a, NODE_A, [first[0], gap]);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ expectedSeq: 4 });
  });
});

describe('v1.1 limits', () => {
  it('a gap in the middle of a batch: 409 with the seq the node needs now, and nothing of the batch applied', async () => {
    const e = randomUUID();
    await pushOk(h, TOKENS.console_a, NODE_A, [a.action(e, 'report', reportPayload()), a.action(e, 'accept')]);
    // Node A is at seq 2. The batch carries 3, 4, then 6, 7: the run breaks after 4.
    const three = a.action(e, 'note', { text: '3' });
    const four = a.action(e, 'note', { text: '4' });
    const five = a.action(e, 'note', { text: '5' });
    const six = a.action(e, 'note', { text: '6' });
    const seven = a.action(e, 'note', { text: '7' });
    const response = await push(h, TOKENS.console_a, NODE_A, [three, four, six, seven]);
    expect(response.status).toBe(409);
    // Not 5 (after the part before the gap): 3 and 4 were not applied either.
    expect(await response.json()).toMatchObject({ expectedSeq: 3, error: { code: 'seq' } });
    expect((await pull(h, TOKENS.console_a)).ops.map((op) => op.serverSeq)).toEqual([1, 2]);
    expect(await entityOf(e)).toMatchObject({ version: 2, state: 'accepted' });
    // Resent from expectedSeq, whole: applied in order.
    expect((await pushOk(h, TOKENS.console_a, NODE_A, [three, four, five, six, seven])).map((r) => r.serverSeq)).toEqual([3, 4, 5, 6, 7]);
  });

  it('JSON nested deeper than 32 levels: 400 too_deep (not 500), nothing applied; 32 levels are accepted', async () => {
    // The body is level 1, ops level 2, the op level 3, its payload level 4: 28 arrays inside the
    // payload make 32 levels, 29 make 33.
    const nested = (levels: number): string => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
    const body = (n: NodeOps, levels: number): string => {
      const op = n.action(randomUUID(), 'report', reportPayload({ deep: '@@', title: '[[[[{{{{ brackets in a string do not count' }));
      return JSON.stringify({ nodeId: n.nodeId, ops: [op] }).replace('"@@"', nested(levels));
    };
    for (const levels of [29, 40, 100_000]) {
      const { status, body: error } = await errorOf(await pushRaw(h, TOKENS.console_a, body(a, levels)));
      expect(status, `${levels}`).toBe(400);
      expect(error.error.code).toBe('too_deep');
      a.seq -= 1; // nothing used up a seq
    }
    expect((await pull(h, TOKENS.console_a)).ops).toHaveLength(0);
    const accepted = await pushRaw(h, TOKENS.console_a, body(a, 28));
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { results: { status: string }[] }).results[0]).toMatchObject({ status: 'applied', serverSeq: 1 });
  });

  it('an op whose hlc is more than 5 minutes ahead of the server clock: 400 hlc_ahead naming it, nothing applied', async () => {
    // The server's clock: a.hlc(0) is its "now" (NodeOps counts a second per op from its base).
    const now = Date.UTC(2026, 10, 23, 9, 0);
    await fresh({ now: () => new Date(now) });
    a = new NodeOps(NODE_A, now);
    const e = randomUUID();
    const report = a.action(e, 'report', reportPayload());
    const atLimit: Json = { ...a.action(e, 'note', { text: 'exactly 5 minutes ahead' }), hlc: `${new Date(now + 5 * 60_000).toISOString()}-0000-${NODE_A}` };
    const ahead: Json = { ...a.action(e, 'note', { text: '5 minutes and 1 ms ahead' }), hlc: `${new Date(now + 5 * 60_000 + 1).toISOString()}-0000-${NODE_A}` };
    const year9999: Json = { ...a.action(e, 'note', { text: 'the year 9999' }), hlc: `9999-12-31T23:59:59.999Z-0000-${NODE_A}` };
    const { status, body } = await errorOf(await push(h, TOKENS.console_a, NODE_A, [report, atLimit, ahead, year9999]));
    expect(status).toBe(400);
    expect(body).toMatchObject({ reason: 'hlc_ahead', error: { code: 'hlc_ahead' } });
    expect((body.ops as { index: number; opId: string }[]).map((p) => [p.index, p.opId])).toEqual([
      [2, ahead.opId],
      [3, year9999.opId],
    ]);
    expect((await pull(h, TOKENS.console_a)).ops).toHaveLength(0);
    // An hlc that does not begin with a time could sort after every real one: a broken envelope.
    const { status: badStatus, body: bad } = await errorOf(await push(h, TOKENS.console_a, NODE_A, [{ ...report, hlc: 'zzzz-0000-x' }]));
    expect(badStatus).toBe(400);
    expect(bad.error.code).toBe('malformed_op');
    // Without the ops ahead, the rest goes in from seq 1 (nothing used up a seq).
    expect((await pushOk(h, TOKENS.console_a, NODE_A, [report, atLimit])).map((r) => r.status)).toEqual(['applied', 'applied']);
  });
});

describe('Push', () => {
  it('one result per op, in order; serverSeq is one gapless counter per town across nodes', async () => {
    const e1 = randomUUID();
    const e2 = randomUUID();
    const ra = await pushOk(h, TOKENS.console_a, NODE_A, [a.action(e1, 'report', reportPayload()), a.action(e1, 'accept')]);
    const rb = await pushOk(h, TOKENS.console_b, NODE_B, [b.action(e2, 'report', reportPayload())]);
    const rd = await pushOk(h, TOKENS.district, NODE_D, [d.upsert('catalogue', 'C01', { name: '市政设施' })]);
    expect(ra).toEqual([
      { opId: expect.any(String), status: 'applied', version: 1, serverSeq: 1 },
      { opId: expect.any(String), status: 'applied', version: 2, serverSeq: 2 },
    ]);
    expect(rb).toEqual([{ opId: expect.any(String), status: 'applied', version: 1, serverSeq: 3 }]);
    expect(rd).toEqual([{ opId: expect.any(String), status: 'applied', version: 1, serverSeq: 4 }]);
    // Another town has its own counter from 1.
    const o = new NodeOps(TOKEN_TABLE[TOKENS.other_town].nodeId);
    const response = await push(h, TOKENS.other_town, o.nodeId, [o.action(randomUUID(), 'report', reportPayload())], OTHER_TOWN);
    expect(((await response.json()) as { results: { serverSeq: number }[] }).results[0].serverSeq).toBe(1);
  });

  it('a duplicate answers its first result (applied or rejected) and changes nothing', async () => {
    const e = randomUUID();
    const report = a.action(e, 'report', reportPayload());
    const badVerify = a.action(e, 'verify');
    const first = await pushOk(h, TOKENS.console_a, NODE_A, [report, badVerify]);
    expect(first[1]).toMatchObject({ status: 'rejected', reason: 'conflict', version: 1 });
    await pushOk(h, TOKENS.console_a, NODE_A, [a.action(e, 'accept')]); // version 2 now
    // Resent, even with other content: the first result, and nothing changes.
    const again = await pushOk(h, TOKENS.console_a, NODE_A, [{ ...report, payload: reportPayload({ title: 'changed' }) }, badVerify]);
    expect(again).toEqual([
      { opId: report.opId, status: 'duplicate', firstStatus: 'applied', version: 1, serverSeq: 1 },
      {
        opId: badVerify.opId,
        status: 'duplicate',
        firstStatus: 'rejected',
        reason: 'conflict',
        message: first[1].message,
        version: 1,
      },
    ]);
    expect((await pull(h, TOKENS.console_a)).ops).toHaveLength(2);
    const event = await entityOf(e);
    expect(event).toMatchObject({ version: 2, state: 'accepted' });
    expect(event?.payload.title).toBe('路灯损坏');
    // The same opId twice in one batch: the second copy is a duplicate of the first.
    const note = a.action(e, 'note', { text: 'once' });
    expect(await pushOk(h, TOKENS.console_a, NODE_A, [note, note])).toEqual([
      { opId: note.opId, status: 'applied', version: 3, serverSeq: 3 },
      { opId: note.opId, status: 'duplicate', firstStatus: 'applied', version: 3, serverSeq: 3 },
    ]);
  });

  it('a rejected op uses up its seq, does not stop the ops after it, and is never served', async () => {
    const e = randomUUID();
    const results = await pushOk(h, TOKENS.console_a, NODE_A, [
      a.action(e, 'report', reportPayload()), // seq 1
      a.action(e, 'verify'), // seq 2: conflict
      a.action(e, 'accept'), // seq 3
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(results[1]).not.toHaveProperty('serverSeq');
    expect(results[2]).toMatchObject({ version: 2, serverSeq: 2 });
    // Seq 2 is spent: the next op is seq 4.
    const seq = (await (await fetch(`${h.url}/v1/towns/${TOWN}/nodes/${NODE_A}/seq`, { headers: bearer(TOKENS.console_a) })).json()) as Json;
    expect(seq).toEqual({ nodeId: NODE_A, lastSeq: 3, nextSeq: 4 });
    const served = (await pull(h, TOKENS.console_a)).ops;
    expect(served.map((op) => op.seq)).toEqual([1, 3]);
    expect(served.map((op) => op.serverSeq)).toEqual([1, 2]);
  });

  it('kind=action only for events, kind=upsert only for the others: the wrong pairing is rejected / invalid', async () => {
    const rosterId = randomUUID();
    const results = await pushOk(h, TOKENS.console_a, NODE_A, [
      a.op({ entity: 'roster', entityId: rosterId, kind: 'action', action: 'accept', payload: {} }),
      a.op({ entity: 'event', entityId: randomUUID(), kind: 'upsert', payload: reportPayload() }),
      a.upsert('roster', rosterId, { month: '2026-12' }),
      a.op({ entity: 'roster', entityId: rosterId, kind: 'action', action: 'note', payload: { text: 'x' } }),
    ]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(results[0]).not.toHaveProperty('version'); // the roster did not exist yet
    expect(results[1]).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(results[2]).toMatchObject({ status: 'applied', version: 1 });
    expect(results[3]).toMatchObject({ status: 'rejected', reason: 'invalid', version: 1 });
    expect((await snapshot(h)).entities.map((e) => e.entity)).toEqual(['roster']);
  });

  it('district only: its three actions and catalogue/planTemplate upserts are forbidden from a console', async () => {
    const escalated = randomUUID();
    await pushOk(h, TOKENS.console_a, NODE_A, [a.action(escalated, 'report', reportPayload()), a.action(escalated, 'escalate', { reason: '需区级协调' })]);
    const consoleTries = await pushOk(h, TOKENS.console_a, NODE_A, [
      a.action(randomUUID(), 'assign_to_town', reportPayload({ source: 'district' })),
      a.action(escalated, 'district_update', { note: 'n' }),
      a.action(escalated, 'district_close', { result: 'r' }),
      a.upsert('catalogue', 'C01', { name: 'x' }),
      a.upsert('planTemplate', randomUUID(), { name: 'x' }),
    ]);
    for (const r of consoleTries) expect(r).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(consoleTries[1].version).toBe(2);
    const districtTries = await pushOk(h, TOKENS.district, NODE_D, [
      d.action(randomUUID(), 'assign_to_town', reportPayload({ source: 'district' })),
      d.action(escalated, 'district_update', { note: 'n' }),
      d.action(escalated, 'district_close', { result: 'r' }),
      d.upsert('catalogue', 'C01', { name: 'x' }),
      d.upsert('planTemplate', randomUUID(), { name: 'x' }),
    ]);
    expect(districtTries.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(await entityOf(escalated)).toMatchObject({ state: 'closed', version: 4 });
  });

  it('action checks go role, then state, then payload', async () => {
    const e = randomUUID();
    await pushOk(h, TOKENS.console_a, NODE_A, [a.action(e, 'report', reportPayload())]);
    const results = await pushOk(h, TOKENS.console_a, NODE_A, [
      // District-only, wrong state (reported), empty payload: forbidden wins.
      a.action(e, 'district_close', {}),
      // Wrong state (reported) and a missing field: conflict wins.
      a.action(e, 'report_back', {}),
      // Right state, missing field: invalid.
      a.action(e, 'return', {}),
    ]);
    expect(results.map((r) => r.reason)).toEqual(['forbidden', 'conflict', 'invalid']);
    expect(results.every((r) => r.status === 'rejected' && r.version === 1 && r.message)).toBe(true);
  });

  it('the lifecycle table: each applied action leads to its state and adds one to version', async () => {
    const e = randomUUID();
    const steps: [string, Json, string][] = [
      ['report', reportPayload(), 'reported'],
      ['accept', {}, 'accepted'],
      ['dispatch', { leadPostId: 'P01', cooperatingPostIds: ['P02'] }, 'dispatched'],
      ['acknowledge', { postId: 'P01' }, 'in_progress'],
      ['arrive', { postId: 'P01' }, 'in_progress'],
      ['extend', { until: '2026-11-24T08:30:00.000Z', reason: '雨天', approvedBy: '带班领导' }, 'in_progress'],
      ['note', { text: '协办岗已到场', postId: 'P02' }, 'in_progress'],
      ['report_back', { result: '已修复' }, 'resolved'],
      ['reject', { reason: '未修复' }, 'in_progress'],
      ['report_back', { result: '已修复' }, 'resolved'],
      ['verify', {}, 'closed'],
    ];
    for (const [index, [action, payload, state]] of steps.entries()) {
      const result = await one(a, a.action(e, action, payload));
      expect(result, action).toMatchObject({ status: 'applied', version: index + 1 });
      expect((await entityOf(e))?.state, action).toBe(state);
    }
    // From closed nothing but the district's own rows could start; a note is a conflict.
    expect(await one(a, a.action(e, 'note', { text: 'late' }))).toMatchObject({
      status: 'rejected',
      reason: 'conflict',
      version: steps.length,
    });
    // An action on an event that does not exist: conflict, no version.
    const missing = await one(a, a.action(randomUUID(), 'accept'));
    expect(missing).toMatchObject({ status: 'rejected', reason: 'conflict' });
    expect(missing).not.toHaveProperty('version');
  });

  it('report on an entityId that already exists is rejected / conflict', async () => {
    const e = randomUUID();
    await one(a, a.action(e, 'report', reportPayload()));
    expect(await one(b, b.action(e, 'report', reportPayload({ title: 'again' })))).toMatchObject({
      status: 'rejected',
      reason: 'conflict',
      version: 1,
    });
    expect((await entityOf(e))?.payload.title).toBe('路灯损坏');
  });

  it('assign_to_town creates at version 1, or re-assigns a returned event (+1); otherwise conflict', async () => {
    const e = randomUUID();
    expect(await one(d, d.action(e, 'assign_to_town', reportPayload({ source: 'district' })))).toMatchObject({
      status: 'applied',
      version: 1,
    });
    expect(await one(d, d.action(e, 'assign_to_town', reportPayload({ source: 'district' })))).toMatchObject({
      status: 'rejected',
      reason: 'conflict',
      version: 1,
    });
    await one(a, a.action(e, 'return', { reason: '不属本镇' }));
    expect(await entityOf(e)).toMatchObject({ state: 'returned', version: 2 });
    expect(await one(d, d.action(e, 'assign_to_town', reportPayload({ source: 'district', title: '改派' })))).toMatchObject({
      status: 'applied',
      version: 3,
    });
    expect(await entityOf(e)).toMatchObject({ state: 'reported', version: 3 });
  });

  it('a payload missing a required field or with a value outside its list is rejected / invalid', async () => {
    const e = randomUUID();
    const cases: [string, Json][] = [
      ['report', reportPayload({ title: undefined })],
      ['report', reportPayload({ level: 'catastrophic' })],
      ['report', reportPayload({ source: 'pigeon' })],
      ['report', reportPayload({ reportedAt: 'soon' })],
      ['report', reportPayload({ location: { lng: 500, lat: 0 } })],
    ];
    for (const [action, payload] of cases) {
      const result = await one(a, a.action(e, action, JSON.parse(JSON.stringify(payload)) as Json));
      expect(result, JSON.stringify(payload)).toMatchObject({ status: 'rejected', reason: 'invalid' });
    }
    await one(a, a.action(e, 'report', reportPayload()));
    await one(a, a.action(e, 'accept'));
    expect(await one(a, a.action(e, 'dispatch', { leadPostId: 'P1', cooperatingPostIds: 'P2' }))).toMatchObject({
      status: 'rejected',
      reason: 'invalid',
      version: 2,
    });
    // More fields are allowed.
    expect(await one(a, a.action(e, 'dispatch', { leadPostId: 'P1', cooperatingPostIds: [], extra: 1 }))).toMatchObject({
      status: 'applied',
      version: 3,
    });
  });

  it('upserts: the newest hlc wins; an older one is applied and served but changes nothing', async () => {
    const id = randomUUID();
    expect(await one(a, a.upsert('post', id, { name: 'A' }))).toMatchObject({ status: 'applied', version: 1 });
    const newer = a.upsert('post', id, { name: 'B' }, { hlc: a.hlc(10) });
    expect(await one(a, newer)).toMatchObject({ status: 'applied', version: 2 });
    // Another node's upsert with an hlc older than the record's: applied, version stays 2.
    const older = b.upsert('post', id, { name: 'old' }, { hlc: b.hlc(-100) });
    const result = await one(b, older);
    expect(result).toMatchObject({ status: 'applied', version: 2, serverSeq: 3 });
    expect(await entityOf(id, 'post')).toMatchObject({ version: 2, hlc: newer.hlc, payload: { name: 'B' } });
    expect((await pull(h, TOKENS.console_a)).ops.map((op) => op.opId)).toContain(older.opId);
    // A newer one replaces the record whole (no field of the old record survives).
    expect(await one(b, b.upsert('post', id, { title: 'C' }, { hlc: a.hlc(20) }))).toMatchObject({ version: 3 });
    expect((await entityOf(id, 'post'))?.payload).toEqual({ title: 'C' });
  });

  it('a signed handover replaces an unsigned one whatever the hlc, and is final', async () => {
    const id = randomUUID();
    await one(a, a.upsert('handover', id, { items: ['电话'], note: 'draft' }, { hlc: a.hlc(50) }));
    // Signed, with an hlc older than the draft's: it still replaces it.
    const signed = b.upsert('handover', id, { items: ['电话'], signedAt: '2026-11-23T08:31:00.000Z' }, { hlc: b.hlc(-50) });
    expect(await one(b, signed)).toMatchObject({ status: 'applied', version: 2 });
    expect(await entityOf(id, 'handover')).toMatchObject({ version: 2, payload: { signedAt: '2026-11-23T08:31:00.000Z' } });
    // After the signature every upsert is a conflict, newer hlc, signed or not.
    for (const payload of [{ note: 'edit' }, { note: 'edit', signedAt: '2026-11-23T09:00:00.000Z' }]) {
      expect(await one(a, a.upsert('handover', id, payload, { hlc: a.hlc(1000) }))).toMatchObject({
        status: 'rejected',
        reason: 'conflict',
        version: 2,
      });
    }
    expect((await entityOf(id, 'handover'))?.payload).not.toHaveProperty('note');
    // An unsigned handover is an ordinary upsert (older hlc: no change).
    const other = randomUUID();
    await one(a, a.upsert('handover', other, { v: 1 }, { hlc: a.hlc(50) }));
    expect(await one(b, b.upsert('handover', other, { v: 2 }, { hlc: b.hlc(-50) }))).toMatchObject({ version: 1 });
  });
});

describe('Pull', () => {
  it('serves every applied op of the town as a serverOp (op + serverSeq + receivedAt), none rejected', async () => {
    const e = randomUUID();
    const reported = a.action(e, 'report', reportPayload(), { baseVersion: 0, unknownField: 'dropped' });
    await pushOk(h, TOKENS.console_a, NODE_A, [reported, a.action(e, 'verify')]);
    await pushOk(h, TOKENS.district, NODE_D, [d.upsert('catalogue', 'C01', { name: '目录' })]);
    await pushOk(h, TOKENS.console_b, NODE_B, [b.action(e, 'accept')]);
    const page = await pull(h, TOKENS.console_a);
    expect(page.ops.map((op) => [op.nodeId, op.serverSeq])).toEqual([
      [NODE_A, 1],
      [NODE_D, 2],
      [NODE_B, 3],
    ]);
    const expected: Json = { ...reported };
    delete expected.unknownField;
    expect(page.ops[0]).toEqual({ ...expected, serverSeq: 1, receivedAt: expect.any(String) });
    expect(Date.parse(page.ops[0].receivedAt as string)).not.toBeNaN();
    expect(page.ops[1]).not.toHaveProperty('action');
    expect(page).toMatchObject({ cursor: '3', more: false });
  });

  it('pages by after/limit: cursor is the last serverSeq returned (or after), default 500, capped at 2000', async () => {
    for (let i = 0; i < 5; i += 1) {
      await pushOk(
        h,
        TOKENS.console_a,
        NODE_A,
        Array.from({ length: 500 }, () => a.upsert('dutyLog', randomUUID(), { i })),
      );
    }
    // 2500 ops. Default limit 500, after absent or empty = from the start.
    for (const query of ['', '?after=', '?after=&limit=']) {
      const page = await pull(h, TOKENS.console_a, query);
      expect(page.ops.length, query).toBe(500);
      expect(page).toMatchObject({ cursor: '500', more: true });
      expect(page.ops[0].serverSeq).toBe(1);
    }
    const capped = await pull(h, TOKENS.console_a, '?after=0&limit=100000');
    expect(capped.ops).toHaveLength(2000);
    expect(capped).toMatchObject({ cursor: '2000', more: true });
    const rest = await pull(h, TOKENS.console_a, `?after=${capped.cursor}&limit=2000`);
    expect(rest.ops.map((op) => op.serverSeq)).toEqual(Array.from({ length: 500 }, (_, i) => 2001 + i));
    expect(rest).toMatchObject({ cursor: '2500', more: false });
    const exact = await pull(h, TOKENS.console_a, '?after=2497&limit=3');
    expect(exact).toMatchObject({ cursor: '2500', more: false });
    // Nothing after: the same cursor back.
    expect(await pull(h, TOKENS.console_a, '?after=2500')).toEqual({ ops: [], cursor: '2500', more: false });
    expect(await pull(h, TOKENS.console_a, '?after=9999')).toEqual({ ops: [], cursor: '9999', more: false });
    for (const query of ['?after=-1', '?after=abc', '?limit=0', '?limit=x']) {
      const response = await fetch(`${opsUrl(h)}${query}`, { headers: bearer(TOKENS.console_a) });
      expect(response.status, query).toBe(400);
    }
  });
});

describe('Stream', () => {
  it('replays the serverOps after `after`, then each new one as it is applied, as id:/data: events', async () => {
    const e = randomUUID();
    await pushOk(h, TOKENS.console_a, NODE_A, [a.action(e, 'report', reportPayload()), a.action(e, 'accept')]);
    const stream = await openStream(h, TOKENS.console_b, { after: '1' });
    streams.push(stream);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await stream.waitFor((events) => streamOps(events).length === 1);
    expect(streamOps(stream.events)[0]).toMatchObject({ id: '2', op: { serverSeq: 2, seq: 2 } });
    // Live: another node's push arrives on the open stream.
    const live = b.action(e, 'note', { text: 'live' });
    await pushOk(h, TOKENS.console_b, NODE_B, [live]);
    await stream.waitFor((events) => streamOps(events).length === 2);
    const second = streamOps(stream.events)[1];
    expect(second.id).toBe('3');
    expect(second.op).toMatchObject({ opId: live.opId, serverSeq: 3, payload: { text: 'live' } });
    // What the stream served equals what pull serves.
    const pulled = await pull(h, TOKENS.console_a, '?after=1');
    expect(streamOps(stream.events).map((s) => s.op)).toEqual(pulled.ops);
    // Rejected ops never appear.
    await pushOk(h, TOKENS.console_a, NODE_A, [a.action(e, 'verify'), a.action(e, 'note', { text: 'after' })]);
    await stream.waitFor((events) => streamOps(events).length === 3);
    expect(streamOps(stream.events).map((s) => s.id)).toEqual(['2', '3', '4']);
  });

  it('resumes via after and Last-Event-ID; where both are sent, the larger wins', async () => {
    const e = randomUUID();
    const ops = [a.action(e, 'report', reportPayload()), a.action(e, 'accept'), a.action(e, 'note', { text: '1' }), a.action(e, 'note', { text: '2' })];
    await pushOk(h, TOKENS.console_a, NODE_A, ops);
    const cases: [{ after?: string; lastEventId?: string }, string[]][] = [
      [{}, ['1', '2', '3', '4']],
      [{ lastEventId: '2' }, ['3', '4']],
      [{ after: '1', lastEventId: '3' }, ['4']],
      [{ after: '3', lastEventId: '1' }, ['4']],
      [{ after: '2', lastEventId: '' }, ['3', '4']],
    ];
    for (const [options, ids] of cases) {
      const stream = await openStream(h, TOKENS.console_a, options);
      streams.push(stream);
      await stream.waitFor((events) => streamOps(events).length >= ids.length);
      // Give a wrong server time to send more than it should.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(
        streamOps(stream.events).map((s) => s.id),
        JSON.stringify(options),
      ).toEqual(ids);
      stream.close();
    }
    const bad = await fetch(`${h.url}/v1/towns/${TOWN}/stream`, { headers: { ...bearer(TOKENS.console_a), 'Last-Event-ID': 'abc' } });
    expect(bad.status).toBe(400);
  });

  it('ops applied while the backlog is replayed arrive once each, in serverSeq order', async () => {
    // 4000 ops: more than one replay page; then pushes race the replay.
    for (let i = 0; i < 8; i += 1) {
      await pushOk(
        h,
        TOKENS.console_a,
        NODE_A,
        Array.from({ length: 500 }, () => a.upsert('dutyLog', randomUUID(), { i })),
      );
    }
    const racing = (async () => {
      for (let i = 0; i < 10; i += 1) {
        await pushOk(
          h,
          TOKENS.console_b,
          NODE_B,
          Array.from({ length: 50 }, () => b.upsert('dutyLog', randomUUID(), { i })),
        );
      }
    })();
    const stream = await openStream(h, TOKENS.console_a, { after: '0' });
    streams.push(stream);
    await racing;
    await stream.waitFor((events) => streamOps(events).length >= 4500, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(streamOps(stream.events).map((s) => Number(s.id))).toEqual(Array.from({ length: 4500 }, (_, i) => i + 1));
  });

  it('sends a `: ping` comment at the ping interval', async () => {
    await fresh({ pingIntervalMs: 40 });
    const stream = await openStream(h, TOKENS.console_a);
    streams.push(stream);
    await stream.waitFor((events) => events.filter((e) => e.comment === 'ping').length >= 2, 60_000);
    expect(streamOps(stream.events)).toHaveLength(0);
    expect(stream.events[0].retry).toMatch(/^\d+$/);
  });
});

describe('Snapshot', () => {
  it('cursor "0" and no entities when the town is empty', async () => {
    expect(await snapshot(h)).toEqual({ cursor: '0', entities: [] });
  });

  it('every entity as of cursor; events carry state and reported fields merged with later actions', async () => {
    const e = randomUUID();
    const post = randomUUID();
    await pushOk(h, TOKENS.console_a, NODE_A, [
      a.action(e, 'report', reportPayload({ description: '东街' })),
      a.action(e, 'accept'),
      a.action(e, 'dispatch', { leadPostId: 'P1', cooperatingPostIds: ['P2'] }),
      a.action(e, 'dispatch', { leadPostId: 'P3', cooperatingPostIds: [] }),
      a.action(e, 'note', { text: '备注', postId: 'P2' }),
      a.upsert('post', post, { name: '城管岗', a: 'u1' }),
      a.action(e, 'verify'), // rejected: not folded in
    ]);
    const snap = await snapshot(h);
    expect(snap.cursor).toBe('6');
    expect(snap.entities).toHaveLength(2);
    expect(snap.entities.find((x) => x.entity === 'event')).toEqual({
      entity: 'event',
      entityId: e,
      version: 5,
      hlc: expect.any(String),
      state: 'dispatched',
      payload: {
        ...reportPayload({ description: '东街' }),
        leadPostId: 'P3',
        cooperatingPostIds: [],
        text: '备注',
        postId: 'P2',
      },
    });
    const postRecord = snap.entities.find((x) => x.entity === 'post');
    expect(postRecord).toEqual({ entity: 'post', entityId: post, version: 1, hlc: expect.any(String), payload: { name: '城管岗', a: 'u1' } });
    expect(postRecord).not.toHaveProperty('state');
  });
});

describe('Durability and concurrency', () => {
  it('a restart keeps everything: records, seqs, first results, the serverSeq counter', async () => {
    const e = randomUUID();
    const report = a.action(e, 'report', reportPayload());
    const rejected = a.action(e, 'verify');
    await pushOk(h, TOKENS.console_a, NODE_A, [report, rejected, a.action(e, 'accept')]);
    await pushOk(h, TOKENS.console_b, NODE_B, [b.upsert('handover', 'h1', { signedAt: '2026-11-23T08:31:00.000Z' })]);
    const before = await snapshot(h);
    const oldUrl = h.url;
    await h.restart();
    expect(h.url).not.toBe(oldUrl);
    expect(await snapshot(h)).toEqual(before);
    // Seq: node A is at 3.
    const gap = await push(h, TOKENS.console_a, NODE_A, [{ ...a.action(e, 'note', { text: 'x' }), seq: 5 }]);
    expect(await gap.json()).toMatchObject({ expectedSeq: 4 });
    a.seq = 3;
    // First results survive, rejected ones too.
    const again = await pushOk(h, TOKENS.console_a, NODE_A, [report, rejected, a.action(e, 'note', { text: 'y' })]);
    expect(again).toEqual([
      { opId: report.opId, status: 'duplicate', firstStatus: 'applied', version: 1, serverSeq: 1 },
      { opId: rejected.opId, status: 'duplicate', firstStatus: 'rejected', reason: 'conflict', message: expect.any(String), version: 1 },
      { opId: expect.any(String), status: 'applied', version: 3, serverSeq: 4 },
    ]);
    // The signed handover is still final; the lifecycle state was kept (accepted → dispatch allowed).
    expect(await one(b, b.upsert('handover', 'h1', { x: 1 }, { hlc: b.hlc(999) }))).toMatchObject({ reason: 'conflict' });
    expect(await one(a, a.action(e, 'dispatch', { leadPostId: 'P', cooperatingPostIds: [] }))).toMatchObject({ status: 'applied', version: 4 });
  });

  it('concurrent pushes of a town are serialized: gapless serverSeq, every op once', async () => {
    const nodes: [NodeOps, string][] = [
      [a, TOKENS.console_a],
      [b, TOKENS.console_b],
      [d, TOKENS.district],
    ];
    const batches = nodes.flatMap(([n, token]) =>
      Array.from({ length: 4 }, () => ({ n, token, ops: Array.from({ length: 50 }, () => n.upsert('dutyLog', randomUUID(), { by: n.nodeId })) })),
    );
    // Each node's batches must arrive in order; nodes race one another.
    await Promise.all(
      nodes.map(async ([n, token]) => {
        for (const batch of batches.filter((x) => x.n === n)) await pushOk(h, token, n.nodeId, batch.ops);
      }),
    );
    const served = (await pull(h, TOKENS.console_a, '?limit=2000')).ops;
    expect(served.map((op) => op.serverSeq)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(new Set(served.map((op) => op.opId)).size).toBe(600);
    // Two racing pushes of the same seqs from one node: one is applied, the other a 409 or all duplicates.
    const e = randomUUID();
    const ops = [a.action(e, 'report', reportPayload())];
    const [r1, r2] = await Promise.all([push(h, TOKENS.console_a, NODE_A, ops), push(h, TOKENS.console_a, NODE_A, ops)]);
    const bodies = [(await r1.json()) as { results: { status: string }[] }, (await r2.json()) as { results: { status: string }[] }];
    expect(bodies.map((x) => x.results[0].status).sort()).toEqual(['applied', 'duplicate']);
    expect((await pull(h, TOKENS.console_a, '?after=600')).ops).toHaveLength(1);
  });

  it('a push is all or nothing across a crash (SIGKILL mid-push)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'district-crash-'));
    const tokensFile = path.join(dataDir, 'tokens.json');
    writeFileSync(tokensFile, JSON.stringify(TOKEN_TABLE));
    try {
      let total = 0;
      for (const delayMs of [0, 5, 15, 30]) {
        const child = spawnCli(['--port', '0', '--data', dataDir, '--tokens', tokensFile]);
        const url = await listeningUrl(child);
        const exited = new Promise((resolve) => child.once('exit', resolve));
        const batch = Array.from({ length: 500 }, () => a.upsert('dutyLog', randomUUID(), { text: 'x'.repeat(2000) }));
        const pushing = fetch(`${url}/v1/towns/${TOWN}/ops`, {
          method: 'POST',
          headers: { ...bearer(TOKENS.console_a), 'Content-Type': 'application/json' },
          body: JSON.stringify({ nodeId: NODE_A, ops: batch }),
          // A peer that dies after reading the whole request can leave fetch waiting for ever.
          signal: AbortSignal.timeout(3000),
        }).then(
          (r) => r.status,
          () => 'reset',
        );
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        child.kill('SIGKILL');
        const outcome = await pushing;
        await exited;
        const server = await startDistrictServer({ port: 0, dataDir, tokens: TOKEN_TABLE });
        try {
          const seqBody = (await (await fetch(`${server.url}/v1/towns/${TOWN}/nodes/${NODE_A}/seq`, { headers: bearer(TOKENS.console_a) })).json()) as { lastSeq: number };
          const served = (await (await fetch(`${server.url}/v1/towns/${TOWN}/ops?limit=2000&after=${total}`, { headers: bearer(TOKENS.console_a) })).json()) as { ops: unknown[] };
          // Either the whole batch or none of it, and the node's seq agrees.
          expect([0, 500]).toContain(served.ops.length);
          expect(seqBody.lastSeq).toBe(total + served.ops.length);
          if (outcome === 200) expect(served.ops).toHaveLength(500);
          total += served.ops.length;
          a.seq = total;
        } finally {
          await server.close();
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('Admin seq endpoint and the command lines', () => {
  it("GET …/nodes/{nodeId}/seq: a node's last seq, for itself or for the district", async () => {
    await pushOk(h, TOKENS.console_a, NODE_A, [a.upsert('dutyLog', randomUUID(), {}), a.upsert('dutyLog', randomUUID(), {})]);
    const ask = (token: string, node: string) => fetch(`${h.url}/v1/towns/${TOWN}/nodes/${node}/seq`, { headers: bearer(token) });
    expect(await (await ask(TOKENS.console_a, NODE_A)).json()).toEqual({ nodeId: NODE_A, lastSeq: 2, nextSeq: 3 });
    expect(await (await ask(TOKENS.district, NODE_A)).json()).toEqual({ nodeId: NODE_A, lastSeq: 2, nextSeq: 3 });
    expect(await (await ask(TOKENS.district, NODE_D)).json()).toEqual({ nodeId: NODE_D, lastSeq: 0, nextSeq: 1 });
    expect((await ask(TOKENS.console_b, NODE_A)).status).toBe(403);
  });

  it('npm run district: prints one `listening on` line, serves, and closes cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'district-cli-'));
    const tokensFile = path.join(dataDir, 'tokens.json');
    writeFileSync(tokensFile, JSON.stringify(TOKEN_TABLE));
    try {
      const child = spawnCli(['--port', '0', '--data', dataDir, '--tokens', tokensFile]);
      let stdout = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const url = await listeningUrl(child);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/v1/towns/${TOWN}/ops`, {
        method: 'POST',
        headers: { ...bearer(TOKENS.console_a), 'Content-Type': 'application/json' },
        body: JSON.stringify({ nodeId: NODE_A, ops: [a.action(randomUUID(), 'report', reportPayload())] }),
      });
      expect(response.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const code = await exited;
      expect(code).toBe(0);
      expect(stdout).toBe(`listening on ${url}\n`);
      const server = await startDistrictServer({ port: 0, dataDir, tokens: tokensFile });
      try {
        const seq = (await (await fetch(`${server.url}/v1/towns/${TOWN}/nodes/${NODE_A}/seq`, { headers: bearer(TOKENS.console_a) })).json()) as Json;
        expect(seq.lastSeq).toBe(1);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('npm run district:dispatch pushes assign_to_town as the district node and prints the entityId', async () => {
    // The district node already pushed once: the CLI must continue its seq, not restart at 1.
    await one(d, d.upsert('catalogue', 'C01', { name: '目录' }));
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/district/dispatch-cli.ts'), ...args], { cwd: REPO });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.once('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const common = ['--url', h.url, '--town', TOWN, '--title', '区级派单：河道漂浮物', '--category', 'C0203', '--level', 'major', '--grid', 'G01'];
    const ok = await run([...common, '--token', TOKENS.district, '--node', NODE_D]);
    expect(ok.code, ok.stderr).toBe(0);
    const entityId = ok.stdout.trim();
    expect(entityId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await entityOf(entityId)).toMatchObject({
      version: 1,
      state: 'reported',
      payload: { title: '区级派单：河道漂浮物', categoryCode: 'C0203', level: 'major', source: 'district', gridCode: 'G01' },
    });
    const served = (await pull(h, TOKENS.console_a)).ops;
    expect(served.at(-1)).toMatchObject({ nodeId: NODE_D, seq: 2, action: 'assign_to_town', entityId });
    // From a console token the district action is refused, and the CLI says so.
    const refused = await run([...common, '--token', TOKENS.console_a, '--node', NODE_A]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/forbidden/);
  });
});

function spawnCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/district/cli.ts'), ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`cli did not start: ${out} ${err}`)), 20_000);
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /^listening on (http:\/\/\S+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cli exited ${code}: ${err}`));
    });
  });
}
