/**
 * Updates: the policy on its own (when to look, which version, when to install), then the policy
 * reading a real `latest.yml` from a local HTTP server (the district's generic feed), then the
 * update service with a stand-in for electron-updater on a real core: an open alarm, a running plan
 * or an open edit form holds the install back; the offer comes at a handover; only an admin may
 * change the feed or install.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { channelFileName, FeedError, fetchText, parseLatestYml, readFeed, type OfferedUpdate } from '../../main/core/update/latest-yml';
import {
  chooseUpdate,
  signatureRule,
  DEFAULT_UPDATE_SETTINGS,
  feedUrlFor,
  mayInstall,
  nextCheckAt,
  RETRY_AFTER_FAILURE_MS,
  STARTUP_CHECK_DELAY_MS,
  UpdateSettingsSchema,
  type UpdateSettings,
} from '../../main/core/update/update-policy';
import { UpdateSignatureError, type UpdateDriver } from '../../main/core/update/update.service';
import { callApi, type Session } from '../../main/ipc/handlers';
import { DEMO_PASSWORD } from '../../main/core/town/town.service';
import { makeCore, type TestCore } from '../support/core';

const offered = (version: string): OfferedUpdate => ({
  version,
  releaseDate: null,
  files: [{ url: `duty-desk-${version}-setup.exe`, sha512: 'x', size: 1 }],
  releaseNotes: null,
  stagingPercentage: null,
});
const settings = (s: Partial<UpdateSettings> = {}): UpdateSettings => ({ ...DEFAULT_UPDATE_SETTINGS, feedUrl: 'https://update.district/duty-desk', ...s });
const QUIET = { openAlarms: 0, runningPlans: 0, editing: 0 };

function latestYml(version: string, date = '2026-11-20T08:00:00.000Z'): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: duty-desk-${version}-setup.exe`,
    '    sha512: 3q2+7w==',
    '    size: 91234567',
    `path: duty-desk-${version}-setup.exe`,
    'sha512: 3q2+7w==',
    `releaseDate: '${date}'`,
    '',
  ].join('\n');
}

describe('update policy (pure)', () => {
  it('checks a minute after start, then every N hours, sooner after a failure, never without a feed', () => {
    const startedAt = new Date('2026-11-23T01:00:00Z');
    expect(nextCheckAt({ settings: settings(), startedAt, lastCheckAt: null, lastCheckFailed: false })!.getTime()).toBe(startedAt.getTime() + STARTUP_CHECK_DELAY_MS);
    const last = new Date('2026-11-23T02:00:00Z');
    expect(nextCheckAt({ settings: settings({ checkEveryHours: 6 }), startedAt, lastCheckAt: last, lastCheckFailed: false })!.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(nextCheckAt({ settings: settings({ checkEveryHours: 6 }), startedAt, lastCheckAt: last, lastCheckFailed: true })!.getTime()).toBe(
      last.getTime() + RETRY_AFTER_FAILURE_MS,
    );
    expect(nextCheckAt({ settings: settings({ feedUrl: null }), startedAt, lastCheckAt: null, lastCheckFailed: false })).toBeNull();
  });

  it('takes a newer version, never an older one unless pinned, and only the pinned one when pinned', () => {
    const table: [string, string, string | null, ReturnType<typeof chooseUpdate>][] = [
      ['1.0.0', '1.1.0', null, { take: true, version: '1.1.0', downgrade: false }],
      ['1.0.0', '1.0.0', null, { take: false, reason: 'up_to_date', offered: '1.0.0' }],
      ['1.2.0', '1.1.0', null, { take: false, reason: 'no_downgrade', offered: '1.1.0' }],
      ['1.0.0', '1.1.0-beta.1', null, { take: true, version: '1.1.0-beta.1', downgrade: false }],
      ['1.2.0', '1.1.0', '1.1.0', { take: true, version: '1.1.0', downgrade: true }],
      ['1.0.0', '1.3.0', '1.1.0', { take: false, reason: 'pinned_not_offered', offered: '1.3.0' }],
      ['1.1.0', '1.3.0', '1.1.0', { take: false, reason: 'at_pinned_version', offered: '1.3.0' }],
      ['1.0.0', '1.1.0', '1.1.0', { take: true, version: '1.1.0', downgrade: false }],
    ];
    for (const [current, offer, pinned, expected] of table) {
      expect(chooseUpdate({ currentVersion: current, offered: offered(offer), settings: settings({ pinnedVersion: pinned }) }), `${current} → ${offer} pinned ${pinned}`).toEqual(
        expected,
      );
    }
    expect(chooseUpdate({ currentVersion: '1.0.0', offered: null, settings: settings() })).toMatchObject({ take: false, reason: 'no_feed' });
  });

  it('never installs from the timer; never while an alarm is open, a plan runs or an event is edited; offers at a handover', () => {
    expect(mayInstall({ moment: 'handover', downloadedVersion: null, activity: QUIET })).toMatchObject({ install: 'no', reason: 'nothing_downloaded' });
    expect(mayInstall({ moment: 'timer', downloadedVersion: '1.1.0', activity: QUIET })).toMatchObject({ install: 'no', reason: 'wait_for_handover' });
    expect(mayInstall({ moment: 'handover', downloadedVersion: '1.1.0', activity: QUIET })).toEqual({ install: 'offer', version: '1.1.0' });
    expect(mayInstall({ moment: 'accepted', downloadedVersion: '1.1.0', activity: QUIET })).toEqual({ install: 'now', version: '1.1.0', restart: true });
    expect(mayInstall({ moment: 'admin', downloadedVersion: '1.1.0', activity: QUIET })).toEqual({ install: 'now', version: '1.1.0', restart: true });
    for (const [activity, blocker] of [
      [{ ...QUIET, openAlarms: 1 }, 'alarm_open'],
      [{ ...QUIET, runningPlans: 2 }, 'plan_running'],
      [{ ...QUIET, editing: 1 }, 'event_editing'],
    ] as const) {
      for (const moment of ['handover', 'accepted', 'admin'] as const) {
        expect(mayInstall({ moment, downloadedVersion: '1.1.0', activity })).toEqual({ install: 'no', reason: 'desk_busy', blockedBy: [blocker] });
      }
    }
    // Closing the app restarts nothing: the installer may run then.
    expect(mayInstall({ moment: 'quit', downloadedVersion: '1.1.0', activity: { openAlarms: 3, runningPlans: 1, editing: 1 } })).toEqual({
      install: 'now',
      version: '1.1.0',
      restart: false,
    });
  });

  it('Windows checks the signature against the configured publishers, and downloads nothing without one', () => {
    expect(signatureRule('win32', [])).toEqual({ check: 'refuse' });
    expect(signatureRule('win32', ['云岭区社会治理中心'])).toEqual({ check: 'publisher', publisherNames: ['云岭区社会治理中心'] });
    expect(signatureRule('linux', [])).toEqual({ check: 'sha512' });
    expect(signatureRule('darwin', ['x'])).toEqual({ check: 'sha512' });
    // Settings stored before publishers existed still read (no publisher).
    expect(UpdateSettingsSchema.parse({ feedUrl: null, pinnedVersion: null, checkEveryHours: 4 }).publisherNames).toEqual([]);
  });

  it('reads a pinned version from its own folder on the server', () => {
    expect(feedUrlFor(settings())).toBe('https://update.district/duty-desk/');
    expect(feedUrlFor(settings({ pinnedVersion: '1.1.0' }))).toBe('https://update.district/duty-desk/1.1.0/');
    expect(feedUrlFor(settings({ feedUrl: null }))).toBeNull();
  });

  it('accepts only sane settings', () => {
    expect(UpdateSettingsSchema.safeParse({ feedUrl: 'https://10.1.2.3:8443/duty-desk/', pinnedVersion: '1.4.2', checkEveryHours: 4 }).success).toBe(true);
    // Plain http only on this machine (a test's own feed server).
    for (const local of ['http://127.0.0.1:8080/feed/', 'http://localhost:9/', 'http://[::1]:8080/']) {
      expect(UpdateSettingsSchema.safeParse({ feedUrl: local, pinnedVersion: null, checkEveryHours: 4 }).success, local).toBe(true);
    }
    for (const bad of [
      { feedUrl: 'http://update.district/duty-desk/', pinnedVersion: null, checkEveryHours: 4 },
      { feedUrl: 'http://10.1.2.3/duty-desk/', pinnedVersion: null, checkEveryHours: 4 },
      { feedUrl: 'http://127.0.0.1.evil.example/', pinnedVersion: null, checkEveryHours: 4 },
      { feedUrl: 'file:///etc/passwd', pinnedVersion: null, checkEveryHours: 4 },
      { feedUrl: 'http://user:pw@update/', pinnedVersion: null, checkEveryHours: 4 },
      { feedUrl: 'not a url', pinnedVersion: null, checkEveryHours: 4 },
      { feedUrl: null, pinnedVersion: 'latest', checkEveryHours: 4 },
      { feedUrl: null, pinnedVersion: null, checkEveryHours: 0 },
      { feedUrl: null, pinnedVersion: null, checkEveryHours: 4, publisherNames: [''] },
      { feedUrl: null, pinnedVersion: null, checkEveryHours: 4, publisherNames: ['a', 'b', 'c', 'd', 'e', 'f'] },
    ]) {
      expect(UpdateSettingsSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('parses electron-builder channel files and refuses broken ones', () => {
    const y = parseLatestYml(latestYml('1.4.2'));
    expect(y).toMatchObject({ version: '1.4.2', releaseDate: '2026-11-20T08:00:00.000Z', files: [{ url: 'duty-desk-1.4.2-setup.exe', sha512: '3q2+7w==', size: 91234567 }] });
    // Old style: path + sha512 only; an unquoted date.
    expect(parseLatestYml('version: 2.0.0\npath: a.AppImage\nsha512: abc\nreleaseDate: 2026-11-20T08:00:00.000Z\n')).toMatchObject({
      version: '2.0.0',
      files: [{ url: 'a.AppImage' }],
      releaseDate: '2026-11-20T08:00:00.000Z',
    });
    for (const bad of [
      'version: [',
      'files: []\n',
      'version: 1.1\npath: a\nsha512: b\n',
      'version: latest\npath: a\nsha512: b\n',
      'version: 1.0.0\n',
      '<html>502 Bad Gateway</html>',
    ]) {
      expect(() => parseLatestYml(bad), bad).toThrow(FeedError);
    }
    expect(channelFileName('win32', 'x64')).toBe('latest.yml');
    expect(channelFileName('linux', 'x64')).toBe('latest-linux.yml');
    expect(channelFileName('linux', 'arm64')).toBe('latest-linux-arm64.yml');
  });
});

// ---- a district update server on 127.0.0.1 ------------------------------------------------------

let server: http.Server;
let base: string;
const files = new Map<string, string>();
const requests: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/slow/latest.yml') return; // never answers
    const body = files.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/yaml' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/duty-desk/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function publish(path: string, version: string): void {
  files.set(`/duty-desk/${path}`, latestYml(version));
}

describe('the policy on a latest.yml served over HTTP', () => {
  it('decides from what the feed offers, for the channel file of each platform, pinned or not', async () => {
    publish('latest.yml', '1.3.0');
    publish('latest-linux.yml', '1.3.0');
    publish('1.1.0/latest.yml', '1.1.0');
    const decide = async (current: string, s: UpdateSettings, platform: NodeJS.Platform = 'win32') =>
      chooseUpdate({ currentVersion: current, offered: await readFeed(feedUrlFor(s)!, platform, 'x64'), settings: s });

    expect(await decide('1.2.0', settings({ feedUrl: base }))).toEqual({ take: true, version: '1.3.0', downgrade: false });
    expect(await decide('1.2.0', settings({ feedUrl: base }), 'linux')).toEqual({ take: true, version: '1.3.0', downgrade: false });
    expect(await decide('1.3.0', settings({ feedUrl: base }))).toMatchObject({ take: false, reason: 'up_to_date' });
    expect(await decide('1.4.0', settings({ feedUrl: base }))).toMatchObject({ take: false, reason: 'no_downgrade', offered: '1.3.0' });
    // The admin pinned 1.1.0: read from its folder, and go back to it.
    expect(await decide('1.2.0', settings({ feedUrl: base, pinnedVersion: '1.1.0' }))).toEqual({ take: true, version: '1.1.0', downgrade: true });
    expect(requests).toContain('/duty-desk/1.1.0/latest.yml');
    expect(requests).toContain('/duty-desk/latest-linux.yml');
  });

  it('a missing file, a broken file, a silent server: a clear error, no decision', async () => {
    await expect(readFeed(`${base}nowhere/`, 'win32')).rejects.toThrow(/answered 404/);
    files.set('/duty-desk/broken/latest.yml', 'version: 1.1\n');
    await expect(readFeed(`${base}broken/`, 'win32')).rejects.toThrow(/version/);
    await expect(fetchText(`${base.replace('/duty-desk/', '')}/slow/latest.yml`, { timeoutMs: 200 })).rejects.toThrow(/did not answer within 200 ms/);
    files.set('/duty-desk/huge/latest.yml', 'x'.repeat(2 * 1024 * 1024));
    await expect(readFeed(`${base}huge/`, 'win32')).rejects.toThrow(/larger than/);
    await expect(fetchText('ftp://example/latest.yml')).rejects.toThrow(/http or https/);
  });
});

// ---- the service, with electron-updater stood in for ---------------------------------------------

class FakeDriver implements UpdateDriver {
  downloads: { feedUrl: string; version: string; allowDowngrade: boolean }[] = [];
  /** What each download was asked to check the signature against (null: the SHA-512 only). */
  publishers: (readonly string[] | null)[] = [];
  installs: boolean[] = [];
  constructor(
    readonly platform: string = 'linux',
    /** The installer's signer, as Windows would report it (a foreign one makes the download fail). */
    private readonly signedBy: string | null = null,
  ) {}
  async download(feedUrl: string, version: string, allowDowngrade: boolean, publisherNames: readonly string[] | null): Promise<void> {
    this.publishers.push(publisherNames);
    if (publisherNames && !publisherNames.includes(this.signedBy ?? '')) throw new UpdateSignatureError(`signed by ${this.signedBy ?? 'nobody'}`);
    this.downloads.push({ feedUrl, version, allowDowngrade });
  }
  install(restart: boolean): void {
    this.installs.push(restart);
  }
}

describe('the update service on a real core', () => {
  let t: TestCore;
  afterEach(async () => {
    await t?.close();
  });

  async function signedIn(username: string): Promise<Session> {
    const session: Session = { actor: null };
    const r = await callApi(t.core, session, 'session:login', { username, password: DEMO_PASSWORD });
    expect(r.ok).toBe(true);
    return session;
  }

  it('checks the feed, downloads what the policy chose, and installs only when the desk is quiet', async () => {
    t = await makeCore();
    publish('latest.yml', '9.0.0');
    publish('latest-linux.yml', '9.0.0');
    const driver = new FakeDriver();
    await t.core.updates.attach(driver);
    await t.core.updates.setSettings(t.admin.id, { feedUrl: base, pinnedVersion: null, checkEveryHours: 4 });
    const status = await t.core.updates.checkNow();
    expect(status).toMatchObject({
      currentVersion: '0.1.0',
      canInstall: true,
      offered: { version: '9.0.0' },
      choice: { take: true, version: '9.0.0' },
      downloaded: '9.0.0',
      lastError: null,
    });
    expect(driver.downloads).toEqual([{ feedUrl: base, version: '9.0.0', allowDowngrade: false }]);
    // A second check does not download again.
    await t.core.updates.checkNow();
    expect(driver.downloads).toHaveLength(1);

    // A serious event raises an alarm: no install, not even at a handover.
    const eventId = await t.core.events.report(t.officer, { title: '山火', categoryCode: 'SAFE-001', level: 'serious', source: 'phone' });
    expect(eventId).toBeTruthy();
    expect(await t.core.updates.atHandover()).toEqual({ install: 'no', reason: 'desk_busy', blockedBy: ['alarm_open'] });
    expect(await t.core.updates.install('admin', t.admin.id)).toMatchObject({ install: 'no', blockedBy: ['alarm_open'] });
    expect(driver.installs).toEqual([]);

    // Acknowledged; but someone is editing an event.
    const [alarm] = await t.core.alarms.list();
    await t.core.alarms.ack(t.officer, alarm!.id, undefined);
    const editor = {};
    t.core.updates.setEditing(editor, true);
    expect(await t.core.updates.atHandover()).toMatchObject({ install: 'no', blockedBy: ['event_editing'] });
    // A plan running (the plans service registers its probe).
    t.core.updates.setEditing(editor, false);
    let plans = 1;
    t.core.updates.registerProbe('runningPlans', async () => plans);
    expect(await t.core.updates.atHandover()).toMatchObject({ install: 'no', blockedBy: ['plan_running'] });
    plans = 0;

    // Quiet: the handover offers it; the officers accept; it installs and restarts.
    const offers: string[] = [];
    t.core.updates.onOffer((v) => offers.push(v));
    expect(await t.core.updates.atHandover()).toEqual({ install: 'offer', version: '9.0.0' });
    expect(offers).toEqual(['9.0.0']);
    expect(driver.installs).toEqual([]);
    expect(await t.core.updates.install('accepted')).toEqual({ install: 'now', version: '9.0.0', restart: true });
    expect(driver.installs).toEqual([true]);
  });

  it('on Windows: nothing is downloaded until a publisher is configured; an installer signed by another is refused and not kept', async () => {
    t = await makeCore();
    publish('latest.yml', '9.0.0');
    const unsigned = new FakeDriver('win32', '某某软件公司');
    await t.core.updates.attach(unsigned);
    await t.core.updates.setSettings(t.admin.id, { feedUrl: base, pinnedVersion: null, checkEveryHours: 4 });
    const missing = await t.core.updates.checkNow();
    expect(missing).toMatchObject({ choice: { take: true, version: '9.0.0' }, downloaded: null, lastErrorKind: 'publisher_missing' });
    expect(unsigned.publishers).toEqual([]);

    // Configured, but the installer is signed by somebody else: refused, nothing downloaded.
    await t.core.updates.setSettings(t.admin.id, { feedUrl: base, pinnedVersion: null, checkEveryHours: 4, publisherNames: ['云岭区社会治理中心'] });
    const foreign = await t.core.updates.checkNow();
    expect(foreign).toMatchObject({ downloaded: null, lastErrorKind: 'signature' });
    expect(unsigned.publishers).toEqual([['云岭区社会治理中心']]);
    expect(await t.core.updates.install('admin', t.admin.id)).toMatchObject({ install: 'no', reason: 'nothing_downloaded' });

    // Signed by the configured publisher: downloaded; the settings keep the publisher.
    const signed = new FakeDriver('win32', '云岭区社会治理中心');
    await t.core.updates.attach(signed);
    const ok = await t.core.updates.checkNow();
    expect(ok).toMatchObject({ downloaded: '9.0.0', lastError: null, lastErrorKind: null, settings: { publisherNames: ['云岭区社会治理中心'] } });
    expect(signed.publishers).toEqual([['云岭区社会治理中心']]);
  });

  it('an editing mark that is never cleared expires', async () => {
    t = await makeCore();
    t.core.updates.setEditing({}, true);
    expect((await t.core.updates.activity()).editing).toBe(1);
    t.clock.advance(31 * 60_000);
    expect((await t.core.updates.activity()).editing).toBe(0);
  });

  it('pinning an older version downloads it with downgrade allowed; a feed error is reported, not thrown', async () => {
    t = await makeCore();
    publish('0.0.9/latest-linux.yml', '0.0.9');
    publish('0.0.9/latest.yml', '0.0.9');
    const driver = new FakeDriver();
    await t.core.updates.attach(driver);
    await t.core.updates.setSettings(t.admin.id, { feedUrl: base, pinnedVersion: '0.0.9', checkEveryHours: 1 });
    const status = await t.core.updates.checkNow();
    expect(status.choice).toEqual({ take: true, version: '0.0.9', downgrade: true });
    expect(driver.downloads).toEqual([{ feedUrl: `${base}0.0.9/`, version: '0.0.9', allowDowngrade: true }]);
    await t.core.updates.setSettings(t.admin.id, { feedUrl: `${base}missing/`, pinnedVersion: null, checkEveryHours: 1 });
    const failed = await t.core.updates.checkNow();
    expect(failed.lastError).toMatch(/404/);
    expect(failed.nextCheckAt).not.toBeNull();
  });

  it('the API: only an admin reads or changes update settings and backups; everyone signed in may mark editing', async () => {
    t = await makeCore();
    const officer = await signedIn('zhangwei');
    for (const [channel, args] of [
      ['update:status', {}],
      ['update:setSettings', { feedUrl: base, pinnedVersion: null, checkEveryHours: 4 }],
      ['update:check', {}],
      ['update:install', {}],
      ['backup:list', {}],
      ['backup:create', {}],
      ['backup:restore', { name: 'duty-desk-20261123T010000000Z-manual.sqlite' }],
    ] as const) {
      expect(await callApi(t.core, officer, channel, args), channel).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await callApi(t.core, officer, 'desk:editing', { editing: true })).toMatchObject({ ok: true });
    expect((await t.core.updates.activity()).editing).toBe(1);
    expect(await callApi(t.core, officer, 'desk:editing', { editing: false })).toMatchObject({ ok: true });

    const admin = await signedIn('admin');
    const set = await callApi(t.core, admin, 'update:setSettings', { feedUrl: base, pinnedVersion: null, checkEveryHours: 6 }, { checkResponses: true });
    expect(set).toMatchObject({ ok: true, data: { settings: { feedUrl: base, checkEveryHours: 6 }, canInstall: false } });
    expect(await callApi(t.core, admin, 'update:setSettings', { feedUrl: 'file:///etc', pinnedVersion: null, checkEveryHours: 6 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await callApi(t.core, admin, 'update:setSettings', { feedUrl: null, pinnedVersion: 'newest', checkEveryHours: 6 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    // The web console has no installer: it reports what the feed offers.
    publish('latest.yml', '9.9.9');
    publish('latest-linux.yml', '9.9.9');
    expect(await callApi(t.core, admin, 'update:check', {}, { checkResponses: true })).toMatchObject({ ok: true, data: { offered: { version: '9.9.9' }, downloaded: null } });
    expect(await callApi(t.core, admin, 'update:install', {}, { checkResponses: true })).toMatchObject({ ok: true, data: { install: 'no', reason: 'nothing_downloaded' } });
    const audit = await t.core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'update.%'`));
    expect(audit.map((a) => a.action)).toEqual(['update.settings']);
  });
});
