/**
 * The change feed, subscribed to ONCE for the whole page. Components register for the topics they
 * care about on this local hub; the hub's one api.onFeed subscription is dropped on unmount.
 * Also tracks the connection state of the web console's socket.
 */
import { createContext, useContext, useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { FeedMessage } from '../../../preload/contract';
import { api, isConnected, onConnection } from '../api';

export type Topic = FeedMessage['topic'];
type Listener<T extends Topic> = (message: Extract<FeedMessage, { topic: T }>) => void;

/**
 * Which feed messages concern a piece of data: per topic, `true` (every message of the topic) or a
 * test of the message (e.g. `roster: (m) => m.parts.includes('swaps')`).
 */
export type FeedFilter = { readonly [T in Topic]?: true | ((message: Extract<FeedMessage, { topic: T }>) => boolean) };

class FeedHub {
  private readonly listeners = new Map<Topic, Set<(m: FeedMessage) => void>>();

  on<T extends Topic>(topic: T, listener: Listener<T>): () => void {
    const set = this.listeners.get(topic) ?? new Set();
    this.listeners.set(topic, set);
    const wrapped = listener as (m: FeedMessage) => void;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  }

  deliver(message: FeedMessage): void {
    for (const listener of [...(this.listeners.get(message.topic) ?? [])]) {
      try {
        listener(message);
      } catch (error) {
        console.error('feed listener failed', error);
      }
    }
  }
}

const FeedContext = createContext<FeedHub | null>(null);
const ConnectionContext = createContext<boolean>(true);

export function FeedProvider({ children }: { children: ReactNode }) {
  const hub = useMemo(() => new FeedHub(), []);
  const connected = useSyncExternalStore(subscribeConnection, isConnected);
  useEffect(() => api.onFeed((message) => hub.deliver(message)), [hub]);
  return (
    <FeedContext.Provider value={hub}>
      <ConnectionContext.Provider value={connected}>{children}</ConnectionContext.Provider>
    </FeedContext.Provider>
  );
}

/** Calls `listener` for every feed message of `topic` while the component is mounted. */
export function useFeed<T extends Topic>(topic: T, listener: Listener<T>): void {
  const hub = useContext(FeedContext);
  const onMessage = useEffectEvent(listener);
  useEffect(() => {
    if (!hub) return undefined;
    return hub.on(topic, (m) => onMessage(m));
  }, [hub, topic]);
}

/** Calls `onMatch` for every feed message that `filter` names, while the component is mounted. */
export function useFeedFilter(filter: FeedFilter, onMatch: (message: FeedMessage) => void): void {
  const hub = useContext(FeedContext);
  const latest = useRef({ filter, onMatch });
  useLayoutEffect(() => {
    latest.current = { filter, onMatch };
  });
  // Subscribed per topic named; the tests themselves are read when a message comes. A layout effect:
  // subscribed in the same commit as a load that starts then (useFeedLoad), so no change can slip
  // between the load's read and the subscription.
  const topics = Object.keys(filter).sort().join(',');
  useLayoutEffect(() => {
    if (!hub || !topics) return undefined;
    const offs = (topics.split(',') as Topic[]).map((topic) =>
      hub.on(topic, (message: FeedMessage) => {
        const { filter: current, onMatch: match } = latest.current;
        const test = current[message.topic] as true | ((m: FeedMessage) => boolean) | undefined;
        if (test === true || (typeof test === 'function' && test(message))) match(message);
      }),
    );
    return () => offs.forEach((off) => off());
  }, [hub, topics]);
}

function subscribeConnection(onChange: () => void): () => void {
  return onConnection(() => onChange());
}

export function useConnected(): boolean {
  return useContext(ConnectionContext);
}
