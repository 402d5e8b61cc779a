/**
 * Desktop notifications of 我的任务 (issue #17, reaching people): wherever a person is signed in, a
 * task new to them raises one.
 * - In Electron: the preload's `notify(title, body)` — main shows an OS notification and flashes the
 *   window's taskbar button (main/shell/notify.ts).
 * - In the web console: the browser's Notification API, once the person has allowed it (asked on a
 *   click, 「开启桌面通知」 on 我的任务: browsers refuse to ask without a gesture).
 * What a person has been told of is kept per person in this browser's localStorage (the keys of the
 * lines they have now), so a reload or a second sign-in does not tell them again; a line that left the
 * list and comes back (dispatched to them again) is new again.
 */

/** What this console can do: Electron's bridge, or the browser's permission as it stands. */
export type NotificationAccess = 'electron' | 'granted' | 'default' | 'denied' | 'unsupported';

type Bridge = { notify?: (title: string, body: string) => void };

function electronNotify(): ((title: string, body: string) => void) | null {
  const bridge = window.dutyDesk as unknown as Bridge | undefined;
  return typeof bridge?.notify === 'function' ? bridge.notify : null;
}

export function notificationAccess(): NotificationAccess {
  if (electronNotify()) return 'electron';
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

/** Asks the browser once (call it from a click); answers what holds afterwards. */
export async function askNotificationAccess(): Promise<NotificationAccess> {
  const now = notificationAccess();
  if (now !== 'default') return now;
  try {
    return await Notification.requestPermission();
  } catch {
    return notificationAccess();
  }
}

/** Shows one notification where this console can; false when it cannot (not allowed, no API). */
export function raiseNotification(title: string, body: string, tag: string): boolean {
  const bridge = electronNotify();
  if (bridge) {
    bridge(title, body);
    return true;
  }
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return false;
  try {
    const shown = new Notification(title, { body, tag });
    shown.onclick = () => {
      window.focus();
      shown.close();
    };
    return true;
  } catch {
    return false;
  }
}

const TOLD_PREFIX = 'duty-desk-told:';

function toldOf(personId: string): Set<string> | null {
  try {
    const raw = localStorage.getItem(TOLD_PREFIX + personId);
    if (raw === null) return null;
    const list = JSON.parse(raw) as unknown;
    return new Set(Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

/**
 * Of the notice keys the person's list has now, those they have not been told of; remembers them all as
 * told (the ones gone from the list are forgotten). The first time on this browser (nothing kept yet)
 * every open line counts as new.
 */
export function takeUntold(personId: string, keys: readonly string[]): string[] {
  const told = toldOf(personId) ?? new Set<string>();
  const fresh = keys.filter((k) => !told.has(k));
  try {
    localStorage.setItem(TOLD_PREFIX + personId, JSON.stringify([...new Set(keys)]));
  } catch {
    // A full or forbidden storage: the person may be told again after a reload; nothing else breaks.
  }
  return fresh;
}
