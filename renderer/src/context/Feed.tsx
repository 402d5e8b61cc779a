/**
 * The change feed, subscribed to ONCE for the whole page. Components register for the topics they
 * care about on this local hub; the hub's one api.onFeed subscription is dropped on unmount.
 * Also tracks the connection state of the web console's socket.
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { FeedMessage } from '../../../preload/contract';
import { api, isConnected, onConnection } from '../api';

type Topic = FeedMessage['topic'];
type Listener<T extends Topic> = (message: Extract<FeedMessage, { topic: T }>) => void;

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
  const [connected, setConnected] = useState(isConnected());
  useEffect(() => api.onFeed((message) => hub.deliver(message)), [hub]);
  useEffect(() => {
    setConnected(isConnected());
    return onConnection(setConnected);
  }, []);
  return (
    <FeedContext.Provider value={hub}>
      <ConnectionContext.Provider value={connected}>{children}</ConnectionContext.Provider>
    </FeedContext.Provider>
  );
}

/** Calls `listener` for every feed message of `topic` while the component is mounted. */
export function useFeed<T extends Topic>(topic: T, listener: Listener<T>): void {
  const hub = useContext(FeedContext);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => {
    if (!hub) return undefined;
    return hub.on(topic, (m) => latest.current(m));
  }, [hub, topic]);
}

export function useConnected(): boolean {
  return useContext(ConnectionContext);
}
