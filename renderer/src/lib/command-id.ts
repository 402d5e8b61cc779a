/**
 * Client command ids (CommandMeta in preload/contract/api.ts): ONE id per intent of a person, made
 * when the intent starts (a dialog opens, a proposal card is shown, a key press begins an action)
 * and sent again with every repeat of the same intent — a double Enter, a second click while the
 * first is on its way, a retry after a lost connection — so the core runs it once and answers the
 * repeats with the first result.
 */
import { useState } from 'react';

/** A random UUID (v4). `crypto.randomUUID` exists only in a secure context; a wall PC on the LAN is not one. */
export function newCommandId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Ids of intents named by a key (a proposal, a task's 签收): the same key gives the same id. */
export class IntentIds {
  private readonly ids = new Map<string, string>();

  of(key: string): string {
    let id = this.ids.get(key);
    if (!id) {
      id = newCommandId();
      this.ids.set(key, id);
    }
    return id;
  }

  /** The intent is over (refused for good, or cancelled): the next one under this key is new. */
  forget(key: string): void {
    this.ids.delete(key);
  }

  /**
   * Sends the intent named by `key` with its id: every send while it is on its way (a double click,
   * a double Enter) carries the same id. Once the core has answered — done, or refused — the intent
   * is over and the next one under the key is new; after a lost connection it stays, so a retry is
   * still the same intent.
   */
  async send<R extends { readonly ok: boolean; readonly error?: { readonly code: string } }>(key: string, call: (commandId: string) => Promise<R>): Promise<R> {
    const result = await call(this.of(key));
    if (result.ok || result.error?.code !== 'disconnected') this.forget(key);
    return result;
  }
}

/** The component's intents by key, kept while it is mounted. */
export function useIntentIds(): IntentIds {
  const [ids] = useState(() => new IntentIds());
  return ids;
}

/** The id of the one intent this component stands for (a dialog: made when it opens). */
export function useCommandId(): string {
  const [id] = useState(newCommandId);
  return id;
}
