/**
 * When the console looks for an update, which version it takes, and when it may install it. Pure
 * functions of the settings, the versions and the desk's state; the update service carries them
 * out and the shell's electron-updater only downloads and installs what they chose.
 *
 * The rules (issue 7): look on start and every few hours; never restart while an alarm is open, a
 * plan is running or an event is being edited; offer the install at the next handover; an admin may
 * pin a version, which is then the only one taken — even an older one; otherwise never go back.
 */
import { eq, gt, lt, valid } from 'semver';
import { z } from 'zod';
import { plainHttpUrl } from '../kernel/urls';
import type { OfferedUpdate } from './latest-yml';

export interface UpdateSettings {
  /** The district's update server (generic provider); null: updates off. */
  readonly feedUrl: string | null;
  /** Take exactly this version, up or down; null: the newest the feed offers, never older. */
  readonly pinnedVersion: string | null;
  /** Hours between checks after the one on start. */
  readonly checkEveryHours: number;
  /**
   * The publishers (the code-signing certificate's subject CN) a Windows update must be signed by.
   * Empty: a Windows console downloads nothing (see `signatureRule`); other systems do not use it.
   */
  readonly publisherNames: readonly string[];
}

export const DEFAULT_UPDATE_SETTINGS: UpdateSettings = { feedUrl: null, pinnedVersion: null, checkEveryHours: 4, publisherNames: [] };

/**
 * What an update's signature must satisfy on this system. On Windows the installer's Authenticode
 * signature is checked against the configured publishers, on top of the SHA-512 from the feed that is
 * always checked; with no publisher configured nothing is downloaded (an unsigned or foreign-signed
 * installer would otherwise run with the rights of the install). Other systems: the SHA-512 only.
 */
export function signatureRule(
  platform: string,
  publisherNames: readonly string[],
): { check: 'sha512' } | { check: 'publisher'; publisherNames: readonly string[] } | { check: 'refuse' } {
  if (platform !== 'win32') return { check: 'sha512' };
  return publisherNames.length > 0 ? { check: 'publisher', publisherNames } : { check: 'refuse' };
}

/** 127.0.0.0/8, ::1 and localhost: the only hosts a plain-http feed may be on (a test's own server). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Settings as an admin may enter them: an https address with no credentials in it (http on loopback only), a semantic version. */
export const UpdateSettingsSchema = z.strictObject({
  feedUrl: z
    .string()
    .trim()
    .max(500)
    .refine((u) => {
      const url = plainHttpUrl(u);
      return url !== null && (url.protocol === 'https:' || isLoopbackHost(url.hostname));
    }, 'the feed must be an https address (plain http only on this machine, for tests) with no user, password, query or fragment')
    .nullable(),
  pinnedVersion: z
    .string()
    .trim()
    .max(64)
    .refine((v) => valid(v) !== null, 'a pinned version must be a semantic version such as 1.4.2')
    .nullable(),
  checkEveryHours: z.number().int().min(1).max(168),
  publisherNames: z.array(z.string().trim().min(1).max(200)).max(5).default([]),
});

/** The first check waits this long after start, so the desk is up before anything else happens. */
export const STARTUP_CHECK_DELAY_MS = 60_000;
/** After a failed check, try again sooner than the usual interval — but not more often than this. */
export const RETRY_AFTER_FAILURE_MS = 30 * 60_000;

/**
 * Where the updater reads from. A pinned version is read from its own folder on the server
 * (`<feed>/<version>/`), where the district keeps every release it has published; the feed's root
 * always describes the newest.
 */
export function feedUrlFor(settings: UpdateSettings): string | null {
  if (!settings.feedUrl) return null;
  const base = settings.feedUrl.endsWith('/') ? settings.feedUrl : `${settings.feedUrl}/`;
  return settings.pinnedVersion ? new URL(`${encodeURIComponent(settings.pinnedVersion)}/`, base).toString() : base;
}

/** When to look next: a minute after start, then every `checkEveryHours`, sooner after a failure. Null: never (no feed). */
export function nextCheckAt(input: { settings: UpdateSettings; startedAt: Date; lastCheckAt: Date | null; lastCheckFailed: boolean }): Date | null {
  if (!input.settings.feedUrl) return null;
  if (!input.lastCheckAt) return new Date(input.startedAt.getTime() + STARTUP_CHECK_DELAY_MS);
  const every = input.settings.checkEveryHours * 3600_000;
  return new Date(input.lastCheckAt.getTime() + (input.lastCheckFailed ? Math.min(every, RETRY_AFTER_FAILURE_MS) : every));
}

export type SkipReason = 'no_feed' | 'up_to_date' | 'no_downgrade' | 'at_pinned_version' | 'pinned_not_offered' | 'bad_version';

export type UpdateChoice =
  { readonly take: false; readonly reason: SkipReason; readonly offered: string | null } | { readonly take: true; readonly version: string; readonly downgrade: boolean };

/** Whether to download what the feed offers. */
export function chooseUpdate(input: { currentVersion: string; offered: OfferedUpdate | null; settings: UpdateSettings }): UpdateChoice {
  const { currentVersion, offered, settings } = input;
  if (!offered) return { take: false, reason: 'no_feed', offered: null };
  if (!valid(offered.version) || !valid(currentVersion)) return { take: false, reason: 'bad_version', offered: offered.version };
  const pinned = settings.pinnedVersion;
  if (pinned) {
    if (!valid(pinned)) return { take: false, reason: 'bad_version', offered: offered.version };
    if (eq(currentVersion, pinned)) return { take: false, reason: 'at_pinned_version', offered: offered.version };
    if (!eq(offered.version, pinned)) return { take: false, reason: 'pinned_not_offered', offered: offered.version };
    return { take: true, version: offered.version, downgrade: lt(offered.version, currentVersion) };
  }
  if (gt(offered.version, currentVersion)) return { take: true, version: offered.version, downgrade: false };
  return { take: false, reason: eq(offered.version, currentVersion) ? 'up_to_date' : 'no_downgrade', offered: offered.version };
}

/** What is going on at the desk that an install must not interrupt. */
export interface DeskActivity {
  readonly openAlarms: number;
  readonly runningPlans: number;
  readonly editing: number;
}

export type Blocker = 'alarm_open' | 'plan_running' | 'event_editing';

/**
 * The moment an install is considered:
 * - `timer`    — the periodic check found it downloaded (never installs: waits for a handover);
 * - `handover` — a handover was just signed: offer it to the officers;
 * - `accepted` — the officers accepted that offer;
 * - `admin`    — an admin asked to install now;
 * - `quit`     — the app is closing anyway (no restart: it installs and stays closed).
 */
export type InstallMoment = 'timer' | 'handover' | 'accepted' | 'admin' | 'quit';

export type InstallDecision =
  | { readonly install: 'no'; readonly reason: 'nothing_downloaded' | 'wait_for_handover' | 'desk_busy'; readonly blockedBy: readonly Blocker[] }
  | { readonly install: 'offer'; readonly version: string }
  | { readonly install: 'now'; readonly version: string; readonly restart: boolean };

export function blockersOf(activity: DeskActivity): Blocker[] {
  const blockers: Blocker[] = [];
  if (activity.openAlarms > 0) blockers.push('alarm_open');
  if (activity.runningPlans > 0) blockers.push('plan_running');
  if (activity.editing > 0) blockers.push('event_editing');
  return blockers;
}

/** Whether a downloaded update may be installed at this moment. */
export function mayInstall(input: { moment: InstallMoment; downloadedVersion: string | null; activity: DeskActivity }): InstallDecision {
  const { moment, downloadedVersion, activity } = input;
  if (!downloadedVersion) return { install: 'no', reason: 'nothing_downloaded', blockedBy: [] };
  // Quitting restarts nothing: the installer runs while the console is closed anyway.
  if (moment === 'quit') return { install: 'now', version: downloadedVersion, restart: false };
  if (moment === 'timer') return { install: 'no', reason: 'wait_for_handover', blockedBy: [] };
  const blockedBy = blockersOf(activity);
  if (blockedBy.length > 0) return { install: 'no', reason: 'desk_busy', blockedBy };
  return moment === 'handover' ? { install: 'offer', version: downloadedVersion } : { install: 'now', version: downloadedVersion, restart: true };
}
