/**
 * The page's ONE ticking clock: server time (read with clock:now at start, whenever the feed
 * says the clock moved, and every few minutes against drift), kept as an offset from the workstation's monotonic clock, and one
 * setInterval that re-renders only the components that read it. No row has a timer of its own.
 *
 * A manual clock (drills, tests) does not run by itself on the server, so the page does not run it
 * either: it shows exactly the server's time until the next `clock` message.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api';
import { useFeed } from './Feed';

export interface ServerClockValue {
  /** Server time now, epoch milliseconds. */
  readonly now: number;
  /** Counts the ticks (once a second) even when a manual clock stands still: for beeps and blinking. */
  readonly tick: number;
  readonly manual: boolean;
  /** Re-reads the server time (or takes the one a feed message carried). */
  resync(hint?: string): void;
}

const ServerClockContext = createContext<ServerClockValue>({ now: Date.now(), tick: 0, manual: false, resync: () => undefined });

const TICK_MS = 1000;
/** A running clock is re-read now and then, so the workstation's drift never adds up. */
const RESYNC_EVERY_TICKS = 300;

export function ServerClockProvider({ children }: { children: ReactNode }) {
  const sync = useRef({ serverMs: Date.now(), perfMs: performance.now(), manual: false });
  const read = (): number => {
    const s = sync.current;
    return s.manual ? s.serverMs : s.serverMs + (performance.now() - s.perfMs);
  };
  const [state, setState] = useState({ now: read(), tick: 0, manual: false });
  const mounted = useRef(true);

  const apply = useCallback((serverMs: number, manual: boolean) => {
    sync.current = { serverMs, perfMs: performance.now(), manual };
    setState((s) => ({ now: serverMs, tick: s.tick, manual }));
  }, []);

  const resync = useCallback(
    (hint?: string) => {
      if (hint && !Number.isNaN(Date.parse(hint))) apply(Date.parse(hint), sync.current.manual);
      const sentAt = performance.now();
      void api.clock.now({}).then((result) => {
        if (!mounted.current || !result.ok) return;
        // Half the round trip is the best guess of how old the answer is.
        const age = sync.current.manual || result.data.manual ? 0 : (performance.now() - sentAt) / 2;
        apply(Date.parse(result.data.now) + age, result.data.manual);
      });
    },
    [apply],
  );

  useEffect(() => {
    mounted.current = true;
    resync();
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
      if (ticks % RESYNC_EVERY_TICKS === 0) resync();
      setState((s) => ({ now: read(), tick: s.tick + 1, manual: s.manual }));
    }, TICK_MS);
    return () => {
      mounted.current = false;
      clearInterval(timer);
    };
    // read() only touches the ref, so the effect depends on resync alone.
  }, [resync]);

  // The server says its clock jumped (a manual clock in a drill or test): take the new time.
  useFeed('clock', (message) => resync(message.now));

  const value = useMemo<ServerClockValue>(() => ({ ...state, resync }), [state, resync]);
  return <ServerClockContext.Provider value={value}>{children}</ServerClockContext.Provider>;
}

export function useServerClock(): ServerClockValue {
  return useContext(ServerClockContext);
}
