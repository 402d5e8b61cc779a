/**
 * A wall page: one screen of a layout (or a window's part of the wall), full window, scaled to fit
 * at the layout's proportions, in the layout's theme. Signs in with the window's wall token (the
 * desktop) or rides the token its socket was opened with (the web console); a person opening it
 * with the console's address signs in first. The layout is re-read when it changes (feed `wall`);
 * the panels follow the change feed themselves. Nothing here reloads the page.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SessionInfo, WallScreens } from '../../../preload/contract';
import { api } from '../api';
import { useConnected } from '../context/Feed';
import { useFeedLoad } from '../hooks/use-feed-load';
import { SignInPage } from '../pages/SignInPage';
import { WallContextProvider } from './wall-context';
import { screenFailure, useWallMessages } from './wall-locales';
import type { WallScreenRoute } from './wall-route';
import { themeStyle, WALL_THEMES } from './wall-theme';
import { WallScreenView } from './WallScreenView';
import { WallVoice } from './WallVoice';
import './wall.css';

type State = { kind: 'loading' } | { kind: 'signIn' } | { kind: 'error'; text: string; detail?: string } | { kind: 'ready'; screens: WallScreens };

function useViewport(): { width: number; height: number } {
  const [size, setSize] = useState({ width: window.innerWidth, height: window.innerHeight });
  useEffect(() => {
    const onResize = (): void => setSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return size;
}

export function WallApp({ route }: { route: WallScreenRoute }) {
  const w = useWallMessages();
  const connected = useConnected();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const signedIn = useRef(false);

  const load = useCallback(async () => {
    if (route.localToken && !signedIn.current) {
      const r = await api.wall.signIn({ token: route.localToken });
      if (!r.ok) return { revoked: true as const };
      signedIn.current = true;
    }
    return { screen: await api.wall.screen({ layoutId: route.layoutId, screenIds: [...route.screenIds] }) };
  }, [route]);
  const reload = useFeedLoad(load, {
    apply: (answer) => {
      if ('revoked' in answer) return setState({ kind: 'error', text: w.screen.revoked });
      const r = answer.screen;
      if (r.ok) setState({ kind: 'ready', screens: r.data });
      else if (r.error.code === 'unauthenticated') setState({ kind: 'signIn' });
      else if (r.error.code === 'forbidden') setState({ kind: 'error', text: w.screen.forbidden });
      else if (r.error.code === 'not_found') setState({ kind: 'error', text: w.screen.notFound });
      else if (r.error.code !== 'disconnected') setState({ kind: 'error', ...screenFailure(w, r.error) });
    },
    feed: { wall: (m) => m.layoutId === route.layoutId },
    minGapMs: 500,
  });
  // A web console's socket came back: its session may be new (a person signs in again; a wall token is re-bound).
  const wasConnected = useRef(connected);
  useEffect(() => {
    if (connected && !wasConnected.current) {
      signedIn.current = false;
      reload();
    }
    wasConnected.current = connected;
  }, [connected, reload]);

  if (state.kind === 'signIn') {
    return <SignInPage expired={false} onSignedIn={(_s: SessionInfo) => reload()} />;
  }
  if (state.kind === 'error' && state.detail !== undefined) {
    // A failure the console has no sentence of its own for: what to do, a way to try again, the detail folded away.
    return (
      <div className="wall-root wall-message wall-message-failed" style={themeStyle(WALL_THEMES.dark)} data-testid="wall-message" role="alert">
        <p>{state.text}</p>
        <button type="button" className="wall-retry" onClick={() => reload()} data-testid="wall-retry">
          {w.screen.retry}
        </button>
        <details className="wall-failure-detail">
          <summary>{w.screen.details}</summary>
          <code>{state.detail}</code>
        </details>
      </div>
    );
  }
  if (state.kind !== 'ready') {
    return (
      <div className="wall-root wall-message" style={themeStyle(WALL_THEMES.dark)} data-testid="wall-message">
        {state.kind === 'loading' ? w.screen.loading : state.text}
      </div>
    );
  }
  return <WallStage screens={state.screens} connected={connected} />;
}

/** The smallest scale of the wall's design pixels: 24 px text (the wall's smallest) stays at 20 px. */
const MIN_SCALE = 20 / 24;

/** The screens of this window in their wall positions, scaled together into the window. */
function WallStage({ screens, connected }: { screens: WallScreens; connected: boolean }) {
  const w = useWallMessages();
  const viewport = useViewport();
  const theme = WALL_THEMES[screens.theme];
  const area = useMemo(() => {
    const cols = screens.screens.map((s) => s.col);
    const rows = screens.screens.map((s) => s.row);
    const col = Math.min(...cols);
    const row = Math.min(...rows);
    return { col, row, columns: Math.max(...cols) - col + 1, rows: Math.max(...rows) - row + 1 };
  }, [screens]);
  // Design pixels of a 1920×1080 screen scaled to the window; in a smaller window (a screen shown on a
  // 1366×768 display) the scale stops at MIN_SCALE and the screens are laid out smaller instead, so
  // the smallest text (24 design px) stays at 20 px or more.
  const fit = Math.min(viewport.width / (area.columns * screens.screenSize.width), viewport.height / (area.rows * screens.screenSize.height));
  const shrink = Math.min(1, fit / MIN_SCALE);
  const size = useMemo(() => ({ width: Math.floor(screens.screenSize.width * shrink), height: Math.floor(screens.screenSize.height * shrink) }), [screens.screenSize, shrink]);
  const width = area.columns * size.width;
  const height = area.rows * size.height;
  const scale = Math.min(viewport.width / width, viewport.height / height);
  const pixelRatio = Math.max(1, Math.round(window.devicePixelRatio * scale * 4) / 4);

  useEffect(() => {
    const previous = document.body.style.background;
    document.body.style.background = theme.background;
    return () => {
      document.body.style.background = previous;
    };
  }, [theme]);

  const context = useMemo(
    () => ({
      theme,
      pixelRatio,
      townName: screens.townName,
      centreName: screens.centreName,
      viewer: screens.viewer,
      layoutId: screens.layoutId,
      screenIds: screens.screens.map((s) => s.id),
    }),
    [theme, pixelRatio, screens],
  );
  return (
    <WallContextProvider value={context}>
      <div className={`wall-root wall-theme-${theme.name}`} style={themeStyle(theme)} data-testid="wall-root" data-scale={scale} data-layout-version={screens.version}>
        <div
          className="wall-stage"
          style={{
            width,
            height,
            transform: `translate(${(viewport.width - width * scale) / 2}px, ${(viewport.height - height * scale) / 2}px) scale(${scale})`,
          }}
        >
          {screens.screens.map((s) => (
            <div key={s.id} className="wall-screen-slot" style={{ left: (s.col - area.col) * size.width, top: (s.row - area.row) * size.height }}>
              <WallScreenView screen={s} size={size} />
            </div>
          ))}
        </div>
        {screens.screens[0] && <WallVoice screenId={screens.screens[0].id} />}
        {!connected && (
          <div className="wall-offline" data-testid="wall-offline">
            {w.screen.disconnected}
          </div>
        )}
      </div>
    </WallContextProvider>
  );
}
