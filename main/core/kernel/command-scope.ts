/**
 * What a front door knows about the command it is passing on, for the whole async call below it:
 * the client's command id (a repeat returns the first result), the version of the record the
 * person was looking at (acting on a record that changed since is refused with who changed it), and
 * whether the person's screen is locked (their commands are refused; reads go on).
 * The door (main/ipc/handlers.ts callApi) opens the scope; the kernel and the features read it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface CommandScope {
  readonly commandId?: string;
  /** The record the person acted on, at the version they saw. */
  readonly expected?: { readonly entityId: string; readonly version: number };
  /** The person's desk has locked its screen (idle): no command of theirs runs until it is unlocked. */
  readonly screenLocked?: boolean;
}

const storage = new AsyncLocalStorage<CommandScope>();

export function withCommandScope<T>(scope: CommandScope, fn: () => Promise<T>): Promise<T> {
  return storage.run(scope, fn);
}

export function currentScope(): CommandScope {
  return storage.getStore() ?? {};
}
