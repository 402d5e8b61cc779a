/**
 * The plain core of the renderer's useFeedLoad (renderer/src/lib/feed-loader.ts): answers to older
 * requests never overwrite newer ones, nothing is applied after close, bursts are coalesced.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FeedLoader, RequestSequencer } from '../../renderer/src/lib/feed-loader';

/** A load whose answers the test releases, one request at a time and in any order. */
function controlledLoad() {
  const requests: { key: string; resolve(answer: string): void; reject(error: unknown): void }[] = [];
  let key = 'a';
  return {
    requests,
    setKey(next: string) {
      key = next;
    },
    load: () =>
      new Promise<string>((resolve, reject) => {
        requests.push({ key, resolve, reject });
      }),
  };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

describe('RequestSequencer', () => {
  it('applies an answer only if no newer one was applied', () => {
    const s = new RequestSequencer();
    const first = s.begin();
    const second = s.begin();
    expect(s.accept(second)).toBe(true);
    expect(s.accept(first)).toBe(false);
  });

  it('drops every answer to a request begun before an invalidation', () => {
    const s = new RequestSequencer();
    const old = s.begin();
    s.invalidate();
    const fresh = s.begin();
    expect(s.accept(old)).toBe(false);
    expect(s.accept(fresh)).toBe(true);
  });

  it('applies nothing once closed, and only later requests after opening again', () => {
    const s = new RequestSequencer();
    const before = s.begin();
    s.close();
    expect(s.accept(before)).toBe(false);
    const during = s.begin();
    s.open();
    const after = s.begin();
    expect(s.accept(during)).toBe(false);
    expect(s.accept(after)).toBe(true);
  });
});

describe('FeedLoader', () => {
  let now = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 1000;
  });
  afterEach(() => vi.useRealTimers());

  function loader(minGapMs = 250) {
    const c = controlledLoad();
    const applied: string[] = [];
    const l = new FeedLoader<string>({ load: c.load, apply: (a) => applied.push(a), minGapMs, now: () => now });
    return { c, applied, l };
  }

  it('a slow answer for the old key never overwrites the answer for the new key', async () => {
    const { c, applied, l } = loader();
    l.restart(); // month A
    c.setKey('b');
    l.restart(); // month B, while A is still on its way
    expect(c.requests.map((r) => r.key)).toEqual(['a', 'b']);
    c.requests[1]!.resolve('B');
    await settle();
    c.requests[0]!.resolve('A');
    await settle();
    expect(applied).toEqual(['B']);
  });

  it('an old answer arriving first is dropped too, once the key has changed', async () => {
    const { c, applied, l } = loader();
    l.restart();
    c.setKey('b');
    l.restart();
    c.requests[0]!.resolve('A');
    await settle();
    c.requests[1]!.resolve('B');
    await settle();
    expect(applied).toEqual(['B']);
  });

  it('applies nothing after close (the component went away)', async () => {
    const { c, applied, l } = loader();
    l.restart();
    l.close();
    c.requests[0]!.resolve('A');
    await settle();
    l.schedule();
    await vi.advanceTimersByTimeAsync(1000);
    expect(applied).toEqual([]);
    expect(c.requests).toHaveLength(1);
  });

  it('coalesces a burst into one load, and a call during a load into exactly one more', async () => {
    const { c, applied, l } = loader(250);
    for (let i = 0; i < 100; i++) l.schedule();
    await settle();
    expect(c.requests).toHaveLength(1);
    for (let i = 0; i < 100; i++) l.schedule(); // while the first is on its way
    expect(c.requests).toHaveLength(1);
    now += 40;
    c.requests[0]!.resolve('1');
    await settle();
    expect(applied).toEqual(['1']);
    // The queued one waits for the rest of the gap since the first started, then goes alone.
    expect(c.requests).toHaveLength(1);
    now += 210;
    await vi.advanceTimersByTimeAsync(210);
    expect(c.requests).toHaveLength(2);
    c.requests[1]!.resolve('2');
    await settle();
    expect(applied).toEqual(['1', '2']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(c.requests).toHaveLength(2);
  });

  it('a failed load is reported and the next one still runs', async () => {
    const errors: unknown[] = [];
    const c = controlledLoad();
    const applied: string[] = [];
    const l = new FeedLoader<string>({ load: c.load, apply: (a) => applied.push(a), minGapMs: 0, now: () => now, onError: (e) => errors.push(e) });
    l.schedule();
    await settle();
    l.schedule();
    c.requests[0]!.reject(new Error('socket closed'));
    await settle();
    await settle();
    expect(errors).toHaveLength(1);
    expect(c.requests).toHaveLength(2);
    c.requests[1]!.resolve('ok');
    await settle();
    expect(applied).toEqual(['ok']);
  });
});
