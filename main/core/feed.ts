/** The change feed: core announces what changed; front doors forward it; the UI invalidates. */
import type { FeedMessage } from '../../preload/contract/feed';

export type FeedListener = (message: FeedMessage) => void;

export class ChangeFeed {
  private readonly listeners = new Set<FeedListener>();

  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(message: FeedMessage): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(message);
      } catch {
        // A broken subscriber (a closed socket) must not stop the others.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
