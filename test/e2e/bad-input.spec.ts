/**
 * Bad input from the page: a socket without the token is turned away; with the token, an unknown
 * command, a malformed message, a call before sign-in and wrong types each get a clear error — and
 * the database is exactly as it was.
 */
import { expect, signIn, test, type Desk } from './fixtures';

type Reply = { id: unknown; result: { ok: boolean; error?: { code: string; message: string } } };

async function snapshot(desk: Desk): Promise<Record<string, unknown>> {
  return desk.core.db.read(async (sql) => {
    const out: Record<string, unknown> = {};
    for (const table of ['event', 'event_timeline', 'assignment', 'alarm', 'approval', 'outbox', 'calendar_override']) {
      out[table] = (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n;
    }
    out.events = await sql.all(`SELECT id, state, version, level, title, lead_post_id FROM event ORDER BY id`);
    return out;
  });
}

test('malformed calls through the socket are refused and change nothing', async ({ page, desk }) => {
  const eventId = await desk.report({ title: '公交站台乱张贴小广告', categoryCode: 'CITY-003', level: 'general', gridCode: 'G07' });
  await signIn(page, desk);
  const before = await snapshot(desk);

  // No token: the upgrade is refused, the socket never opens.
  const withoutToken = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/ws`);
        ws.onopen = () => resolve('opened');
        ws.onclose = () => resolve('closed');
      }),
  );
  expect(withoutToken).toBe('closed');
  const wrongToken = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/ws?token=guess`);
        ws.onopen = () => resolve('opened');
        ws.onclose = () => resolve('closed');
      }),
  );
  expect(wrongToken).toBe('closed');

  // With the token: a fresh, unsigned socket sends garbage, then signs in and sends wrong types.
  const replies = await page.evaluate(async (id: string) => {
    const token = sessionStorage.getItem('duty-desk-token')!;
    const ws = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);
    await new Promise((resolve) => (ws.onopen = resolve));
    const waiting = new Map<unknown, (r: unknown) => void>();
    // A message the server cannot read is answered with id null: the next such answer goes to the one waiting for it.
    const nullWaiters: ((r: unknown) => void)[] = [];
    ws.onmessage = (e) => {
      const msg = JSON.parse(e.data as string) as { id?: unknown; feed?: unknown };
      if (msg.feed) return;
      if (msg.id === null) nullWaiters.shift()?.(msg);
      else waiting.get(msg.id)?.(msg);
    };
    const call = (payload: unknown, raw = false) =>
      new Promise<unknown>((resolve) => {
        const key = (payload as { id?: unknown }).id;
        // No answer at all is a failure below (undefined), reported before the test's own timeout.
        const deadline = setTimeout(() => resolve(undefined), 10_000);
        const answered = (r: unknown) => {
          clearTimeout(deadline);
          resolve(r);
        };
        if (raw) {
          nullWaiters.push(answered);
          ws.send(payload as string);
          return;
        }
        waiting.set(key, answered);
        ws.send(JSON.stringify(payload));
      });
    const out: Record<string, unknown> = {};
    out.notJson = await call('this is not json', true);
    out.unknownChannel = await call({ id: 1, channel: 'events:explode', args: {} });
    out.beforeSignIn = await call({ id: 2, channel: 'events:accept', args: { eventId: id } });
    out.login = await call({ id: 3, channel: 'session:login', args: { username: 'zhangwei', password: 'duty1234' } });
    out.wrongTypes = await call({ id: 4, channel: 'events:report', args: { title: 5, categoryCode: 'CITY-001', level: 'huge', source: 'grid' } });
    out.extraField = await call({ id: 5, channel: 'events:accept', args: { eventId: id, drop: 'table' } });
    out.noArgs = await call({ id: 6, channel: 'events:dispatch' });
    out.hugeId = await call({ id: 7, channel: 'events:accept', args: { eventId: 'x'.repeat(5000) } });
    out.unknownEvent = await call({ id: 8, channel: 'events:accept', args: { eventId: '00000000-0000-0000-0000-000000000000' } });
    out.wrongState = await call({ id: 9, channel: 'events:verify', args: { eventId: id } });
    ws.close();
    return out;
  }, eventId);

  const r = replies as Record<string, Reply>;
  expect(r.notJson!.result.error!.code).toBe('bad_request');
  expect(r.unknownChannel!.result.error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('unknown command') });
  expect(r.beforeSignIn!.result.error!.code).toBe('unauthenticated');
  expect(r.login!.result.ok).toBe(true);
  expect(r.wrongTypes!.result.error!.code).toBe('bad_request');
  expect(r.wrongTypes!.result.error!.message).toMatch(/title|level/);
  expect(r.extraField!.result.error!.code).toBe('bad_request');
  expect(r.noArgs!.result.error!.code).toBe('bad_request');
  expect(r.hugeId!.result.error!.code).toBe('bad_request');
  expect(r.unknownEvent!.result.error!.code).toBe('not_found');
  expect(r.wrongState!.result.error).toMatchObject({ code: 'conflict' });

  expect(await snapshot(desk)).toEqual(before);

  // The page's own session is untouched and still works.
  await expect(page.getByTestId('queue-row')).toHaveCount(1);
  await expect(page.getByTestId('connection')).toHaveText(/已连接/);
});
