/**
 * The app's frame: Ant Design in Chinese (or English), the server clock, the change feed, and the
 * gate between the sign-in page, the forced password change and the console (under its idle lock).
 */
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUSAntd from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { SessionInfo, SetupStatus } from '../../preload/contract';
import { api } from './api';
import { IdleLock } from './components/account/IdleLock';
import { DeskProvider } from './context/Desk';
import { FeedProvider, useConnected, useFeed } from './context/Feed';
import { ServerClockProvider, useServerClock } from './context/ServerClock';
import { I18nProvider, initialLocale, rememberLocale, useMessages, type LocaleCode } from './locales';
import { ConsoleShell } from './pages/ConsoleShell';
import { ForcedPasswordChangePage } from './pages/ForcedPasswordChangePage';
import { SetupPage } from './pages/SetupPage';
import { TownImportPanel } from './pages/settings/TownImportPanel';
import { SignInPage } from './pages/SignInPage';
import { useTokenRefused } from './hooks/use-token-refused';
import { deskTheme } from './theme';
import { parseWallRoute } from './wall/wall-route';

/** The wall (ECharts and all) is loaded only by a wall page: the console's first bundle does not carry it. */
const WallApp = lazy(() => import('./wall/WallApp').then((module) => ({ default: module.WallApp })));

/** A wall page (`/wall/<layout>/<screen>`, or `#/wall/…` in a desktop wall window) is fixed for the page's life. */
const wallRoute = parseWallRoute(window.location);

export function App() {
  const tokenRefused = useTokenRefused();
  const [locale, setLocale] = useState<LocaleCode>(initialLocale);
  useEffect(() => {
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = locale;
  }, [locale]);
  const toggleLocale = useCallback(() => {
    setLocale((l) => {
      const next: LocaleCode = l === 'zh-CN' ? 'en-US' : 'zh-CN';
      rememberLocale(next);
      return next;
    });
  }, []);
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCNAntd : enUSAntd} theme={deskTheme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <I18nProvider locale={locale}>
          <FeedProvider>
            <ServerClockProvider>
              {tokenRefused ? (
                <TokenRefused wall={!!wallRoute} />
              ) : wallRoute ? (
                <Suspense fallback={null}>
                  <WallApp route={wallRoute} />
                </Suspense>
              ) : (
                <SessionGate onToggleLocale={toggleLocale} />
              )}
            </ServerClockProvider>
          </FeedProvider>
        </I18nProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/**
 * The web console refused this page's address for good: said in words, large on a wall screen (read
 * from 5 m), instead of 正在载入 for ever.
 */
function TokenRefused({ wall }: { wall: boolean }) {
  const m = useMessages();
  return wall ? (
    <div className="fatal token-refused token-refused-wall" role="alert" data-testid="token-refused">
      <strong>{m.app.wallTokenRefused}</strong>
      <span>{m.app.wallTokenRefusedHint}</span>
    </div>
  ) : (
    <div className="fatal token-refused" role="alert" data-testid="token-refused">
      {m.app.tokenRefused}
    </div>
  );
}

type Gate = { kind: 'loading' } | { kind: 'setup'; status: SetupStatus } | { kind: 'signedOut'; expired: boolean } | { kind: 'signedIn'; session: SessionInfo };

function SessionGate({ onToggleLocale }: { onToggleLocale: () => void }) {
  const m = useMessages();
  const connected = useConnected();
  const { resync } = useServerClock();
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });
  const wasConnected = useRef(connected);

  const check = useCallback(async () => {
    // The first start: no town yet, only the set-up answers.
    const setup = await api.setup.status({});
    if (setup.ok && !setup.data.configured) {
      setGate({ kind: 'setup', status: setup.data });
      return;
    }
    const result = await api.session.me({});
    setGate((g) => {
      if (result.ok && result.data) return { kind: 'signedIn', session: result.data };
      return { kind: 'signedOut', expired: g.kind === 'signedIn' };
    });
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  // A web console's session lives with its socket: after a reconnect, ask again who is signed in.
  useEffect(() => {
    if (connected && !wasConnected.current) {
      resync();
      void check();
    }
    wasConnected.current = connected;
  }, [connected, check, resync]);

  // The administrator changed the town (a person's roles among it): the tabs and keys follow the
  // roles the core now holds for this person, without signing in again.
  useFeed('town', () => {
    if (gate.kind !== 'signedIn') return;
    void api.session.me({}).then((r) => {
      if (!r.ok || !r.data) return;
      const fresh = r.data;
      setGate((g) => (g.kind === 'signedIn' && g.session.person.roles.join() !== fresh.person.roles.join() ? { kind: 'signedIn', session: fresh } : g));
    });
  });

  const onSignedOut = useCallback((reason?: 'expired') => setGate({ kind: 'signedOut', expired: reason === 'expired' }), []);

  if (gate.kind === 'loading') {
    return (
      <div className="fullscreen-center">
        <Spin size="large" />
        <div className="muted">{m.app.loading}</div>
      </div>
    );
  }
  if (gate.kind === 'setup') {
    return <SetupPage status={gate.status} onDone={(session) => setGate({ kind: 'signedIn', session })} importStep={(p) => <TownImportPanel onApplied={p.onApplied} />} />;
  }
  if (gate.kind === 'signedOut') {
    return <SignInPage expired={gate.expired} onSignedIn={(session) => setGate({ kind: 'signedIn', session })} />;
  }
  // A one-time password from the administrator: the new password first, and nothing else (the door refuses the rest).
  if (gate.session.mustChangePassword) {
    return (
      <ForcedPasswordChangePage
        session={gate.session}
        onChanged={(session) => setGate({ kind: 'signedIn', session })}
        onSignOut={() => {
          void api.session.logout({});
          onSignedOut();
        }}
      />
    );
  }
  // The idle lock is an overlay over the console: the page and its drafts stay as they are.
  return (
    <DeskProvider session={gate.session} onSignedOut={onSignedOut}>
      <IdleLock>
        <ConsoleShell onToggleLocale={onToggleLocale} />
      </IdleLock>
    </DeskProvider>
  );
}
