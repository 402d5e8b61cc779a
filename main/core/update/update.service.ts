/**
 * Updates, carried out: the settings (in the database, changed by an admin and audited), the
 * schedule of checks, what the feed offers and what the policy chose, and the desk activity that
 * holds an install back. The download and the install itself belong to a driver the Electron shell
 * attaches (electron-updater); the web console and headless runs have none and only report.
 */
import { refuse } from '../errors';
import type { Clock } from '../kernel/clock';
import type { Kernel } from '../kernel/command-runner';
import type { z } from 'zod';
import { getMeta, setMeta } from '../kernel/meta.repository';
import { readFeed, type OfferedUpdate } from './latest-yml';
import {
  blockersOf,
  chooseUpdate,
  DEFAULT_UPDATE_SETTINGS,
  feedUrlFor,
  mayInstall,
  nextCheckAt,
  signatureRule,
  UpdateSettingsSchema,
  type Blocker,
  type DeskActivity,
  type InstallDecision,
  type InstallMoment,
  type UpdateChoice,
  type UpdateSettings,
} from './update-policy';

/** What the Electron shell provides: electron-updater behind two calls. */
export interface UpdateDriver {
  /** The system the console runs on (`process.platform`): Windows checks signatures. */
  readonly platform: string;
  /**
   * Downloads exactly `version` from `feedUrl` (verifying its SHA-512 and, with `publisherNames`, the
   * installer's signature against them: a mismatch throws `UpdateSignatureError` and nothing is kept);
   * resolves once it is ready to install.
   */
  download(feedUrl: string, version: string, allowDowngrade: boolean, publisherNames: readonly string[] | null): Promise<void>;
  /** Quits and installs the downloaded version; `restart` starts the console again afterwards. */
  install(restart: boolean): void;
}

/** Thrown by a driver whose downloaded installer is not signed by a configured publisher. */
export class UpdateSignatureError extends Error {
  override readonly name = 'UpdateSignatureError';
}

export type UpdateErrorKind = 'feed' | 'download' | 'publisher_missing' | 'signature';

export type FeedReader = (feedUrl: string) => Promise<OfferedUpdate>;

export interface UpdateStatus {
  readonly currentVersion: string;
  readonly settings: UpdateSettings;
  /** Whether this run can install (the desktop app) or only report (web console, headless). */
  readonly canInstall: boolean;
  readonly lastCheckAt: string | null;
  readonly nextCheckAt: string | null;
  readonly lastError: string | null;
  readonly lastErrorKind: UpdateErrorKind | null;
  readonly offered: { readonly version: string; readonly releaseDate: string | null } | null;
  readonly choice: UpdateChoice | null;
  readonly downloading: string | null;
  readonly downloaded: string | null;
  readonly blockedBy: readonly Blocker[];
}

/** An editing mark that is not renewed expires: a closed or crashed window must not block updates forever. */
export const EDITING_TTL_MS = 30 * 60_000;

const SETTINGS_KEY = 'update_settings';

export class UpdateService {
  private driver: UpdateDriver | null = null;
  private readonly startedAt: Date;
  private lastCheckAt: Date | null = null;
  private lastError: string | null = null;
  private lastErrorKind: UpdateErrorKind | null = null;
  private offered: OfferedUpdate | null = null;
  private choice: UpdateChoice | null = null;
  private downloading: string | null = null;
  private downloaded: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<UpdateStatus> | null = null;
  private readonly editing = new Map<object, number>();
  private readonly probes = new Map<keyof DeskActivity, () => Promise<number>>();
  private readonly offerListeners = new Set<(version: string) => void>();
  private stopped = false;
  private readonly clock: Clock;

  constructor(
    private readonly kernel: Kernel,
    readonly currentVersion: string,
    private readonly feedReader: FeedReader = (url) => readFeed(url),
  ) {
    this.clock = kernel.clock;
    this.startedAt = this.clock.now();
  }

  async settings(): Promise<UpdateSettings> {
    const value = await this.kernel.read((sql) => getMeta(sql, SETTINGS_KEY));
    if (value === null) return DEFAULT_UPDATE_SETTINGS;
    try {
      const parsed = UpdateSettingsSchema.safeParse(JSON.parse(value));
      return parsed.success ? parsed.data : DEFAULT_UPDATE_SETTINGS;
    } catch {
      return DEFAULT_UPDATE_SETTINGS;
    }
  }

  async setSettings(actorId: string, input: z.input<typeof UpdateSettingsSchema>): Promise<UpdateSettings> {
    const parsed = UpdateSettingsSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      refuse('invalid', `${issue.path.join('.') || 'settings'}: ${issue.message}`, { field: issue.path.join('.') });
    }
    const settings = parsed.data;
    // The door checked the role (admin).
    const actor = { id: actorId, roles: [] };
    await this.kernel.run({ name: 'update.settings', actor, audit: { entity: 'settings', entityId: SETTINGS_KEY, detail: settings } }, (tx) =>
      setMeta(tx.sql, SETTINGS_KEY, JSON.stringify(settings)),
    );
    // A new feed or pin makes what was chosen before meaningless.
    this.offered = null;
    this.choice = null;
    this.lastCheckAt = null;
    this.lastError = null;
    this.schedule(settings);
    return settings;
  }

  /** Another part of the core reports what it knows (the plans service: running plans). */
  registerProbe(name: keyof DeskActivity, probe: () => Promise<number>): void {
    this.probes.set(name, probe);
  }

  /** A window or socket says its officer has an event form open (or closed it). */
  setEditing(owner: object, editing: boolean): void {
    if (editing) this.editing.set(owner, this.clock.now().getTime() + EDITING_TTL_MS);
    else this.editing.delete(owner);
  }

  async activity(): Promise<DeskActivity> {
    const now = this.clock.now().getTime();
    for (const [owner, until] of this.editing) if (until <= now) this.editing.delete(owner);
    const probe = async (name: keyof DeskActivity): Promise<number> => {
      const p = this.probes.get(name);
      return p ? p() : 0;
    };
    return { openAlarms: await probe('openAlarms'), runningPlans: await probe('runningPlans'), editing: this.editing.size + (await probe('editing')) };
  }

  async status(): Promise<UpdateStatus> {
    const settings = await this.settings();
    const next = this.driver ? nextCheckAt({ settings, startedAt: this.startedAt, lastCheckAt: this.lastCheckAt, lastCheckFailed: this.lastError !== null }) : null;
    return {
      currentVersion: this.currentVersion,
      settings,
      canInstall: this.driver !== null,
      lastCheckAt: this.lastCheckAt?.toISOString() ?? null,
      nextCheckAt: next?.toISOString() ?? null,
      lastError: this.lastError,
      lastErrorKind: this.lastError === null ? null : this.lastErrorKind,
      offered: this.offered ? { version: this.offered.version, releaseDate: this.offered.releaseDate } : null,
      choice: this.choice,
      downloading: this.downloading,
      downloaded: this.downloaded,
      blockedBy: blockersOf(await this.activity()),
    };
  }

  /** The shell attaches electron-updater; from then on the service checks on start and every few hours. */
  async attach(driver: UpdateDriver): Promise<void> {
    this.driver = driver;
    this.schedule(await this.settings());
  }

  /** Reads the feed, lets the policy choose, and (with a driver) downloads what it chose. */
  checkNow(): Promise<UpdateStatus> {
    this.checking ??= this.check().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async check(): Promise<UpdateStatus> {
    const settings = await this.settings();
    const feed = feedUrlFor(settings);
    this.lastCheckAt = this.clock.now();
    if (!feed) {
      this.offered = null;
      this.choice = chooseUpdate({ currentVersion: this.currentVersion, offered: null, settings });
      this.lastError = null;
      return this.status();
    }
    let step: UpdateErrorKind = 'feed';
    try {
      this.offered = await this.feedReader(feed);
      this.choice = chooseUpdate({ currentVersion: this.currentVersion, offered: this.offered, settings });
      this.lastError = null;
      if (this.choice.take && this.driver && this.downloaded !== this.choice.version && this.downloading !== this.choice.version) {
        const version = this.choice.version;
        const rule = signatureRule(this.driver.platform, settings.publisherNames);
        if (rule.check === 'refuse') {
          step = 'publisher_missing';
          throw new Error(`${version} not downloaded: a Windows update is checked against the configured publishers, and none is configured`);
        }
        step = 'download';
        this.downloading = version;
        try {
          await this.driver.download(feed, version, this.choice.downgrade, rule.check === 'publisher' ? rule.publisherNames : null);
          this.downloaded = version;
        } finally {
          this.downloading = null;
        }
      }
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.lastErrorKind = error instanceof UpdateSignatureError ? 'signature' : step;
    } finally {
      if (!this.stopped) this.schedule(settings);
    }
    return this.status();
  }

  /** Called at every signed handover: offers the downloaded update if the desk is quiet. */
  async atHandover(): Promise<InstallDecision> {
    const decision = await this.decide('handover');
    if (decision.install === 'offer') for (const listener of [...this.offerListeners]) listener(decision.version);
    return decision;
  }

  /** The shell shows the offer (at a handover) to the officers. */
  onOffer(listener: (version: string) => void): () => void {
    this.offerListeners.add(listener);
    return () => this.offerListeners.delete(listener);
  }

  /** Installs now if the policy allows it at this moment (an admin's request, an accepted offer, the app quitting). */
  async install(moment: InstallMoment, actorId: string | null = null): Promise<InstallDecision> {
    const decision = await this.decide(moment);
    if (decision.install === 'now' && this.driver) {
      if (actorId) {
        const audit = { entity: 'update', entityId: decision.version, detail: { from: this.currentVersion, moment } };
        await this.kernel.run({ name: 'update.install', actor: { id: actorId, roles: [] }, audit }, async () => undefined);
      }
      this.driver.install(decision.restart);
    }
    return decision;
  }

  async decide(moment: InstallMoment): Promise<InstallDecision> {
    return mayInstall({ moment, downloadedVersion: this.downloaded, activity: await this.activity() });
  }

  private schedule(settings: UpdateSettings): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.driver || this.stopped) return;
    const at = nextCheckAt({ settings, startedAt: this.startedAt, lastCheckAt: this.lastCheckAt, lastCheckFailed: this.lastError !== null });
    if (!at) return;
    const delay = Math.max(1000, Math.min(at.getTime() - this.clock.now().getTime(), 2 ** 31 - 1));
    this.timer = setTimeout(() => void this.checkNow(), delay);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
