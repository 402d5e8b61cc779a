/**
 * The idle lock of the desk: after the time the administrator set (default 30 minutes) without a key,
 * a click or a move of the mouse, the screen locks — an overlay over the page, not a navigation, so
 * the page and every draft stay as they were — and the door refuses the person's commands until the
 * password unlocks it (reads go on behind it, and alarms still sound). Idle time is the workstation's
 * own (Date.now: a drill's manual server clock does not lock the desk). Wall screens have no lock.
 *
 * While locked, everything else on the page is `inert` and the overlay's keys stop at the overlay (the
 * console's shortcuts never see a password being typed).
 */
import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeed } from '../../context/Feed';
import { errorText, fill, useMessages } from '../../locales';
import './account.css';

/** How often the idle time is looked at. */
const CHECK_MS = 5000;
const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

interface IdleLockValue {
  /** Locks the screen now (the header's 立即锁屏). */
  lockNow(): void;
}

const IdleLockContext = createContext<IdleLockValue>({ lockNow: () => undefined });

export function useIdleLock(): IdleLockValue {
  return useContext(IdleLockContext);
}

export function IdleLock({ children }: { children: ReactNode }) {
  const { session } = useDesk();
  const [locked, setLocked] = useState(session.locked);
  const [minutes, setMinutes] = useState(session.idleLockMinutes);
  // The workstation's time of the last key, click or move (0: not started yet).
  const lastActive = useRef(0);
  // Read by the listeners and the timer (set together with the state).
  const lockedRef = useRef(session.locked);

  const lock = useCallback(() => {
    if (lockedRef.current) return;
    lockedRef.current = true;
    setLocked(true);
    void api.session.lock({});
  }, []);

  // The administrator changed the idle time: take the new one.
  useFeed('accounts', () => {
    void api.session.me({}).then((r) => {
      if (r.ok && r.data) setMinutes(r.data.idleLockMinutes);
    });
  });

  useEffect(() => {
    if (lastActive.current === 0) lastActive.current = Date.now();
    const active = (): void => {
      if (!lockedRef.current) lastActive.current = Date.now();
    };
    for (const type of ACTIVITY) window.addEventListener(type, active, { capture: true, passive: true });
    const timer = setInterval(() => {
      if (!lockedRef.current && Date.now() - lastActive.current >= minutes * 60_000) lock();
    }, CHECK_MS);
    return () => {
      for (const type of ACTIVITY) window.removeEventListener(type, active, { capture: true });
      clearInterval(timer);
    };
  }, [minutes, lock]);

  const value = useMemo<IdleLockValue>(() => ({ lockNow: lock }), [lock]);
  const unlocked = useCallback(() => {
    lastActive.current = Date.now();
    lockedRef.current = false;
    setLocked(false);
  }, []);

  return (
    <IdleLockContext.Provider value={value}>
      {children}
      {locked && <LockOverlay minutes={minutes} onUnlocked={unlocked} />}
    </IdleLockContext.Provider>
  );
}

function LockOverlay({ minutes, onUnlocked }: { minutes: number; onUnlocked(): void }) {
  const m = useMessages();
  const desk = useDesk();
  const session = desk.session;
  const l = m.account.lock;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Its own container: React listens there, and the keys stop there (after React has seen them).
  const [host] = useState(() => {
    const div = document.createElement('div');
    div.className = 'idle-lock-host';
    return div;
  });

  useEffect(() => {
    document.body.appendChild(host);
    const stop = (e: Event): void => e.stopPropagation();
    host.addEventListener('keydown', stop);
    host.addEventListener('keyup', stop);
    // Everything else is out of reach while locked: no focus, no clicks, no screen reader.
    const others = [...document.body.children].filter((el): el is HTMLElement => el !== host && el instanceof HTMLElement && !el.inert);
    for (const el of others) el.inert = true;
    return () => {
      for (const el of others) el.inert = false;
      host.removeEventListener('keydown', stop);
      host.removeEventListener('keyup', stop);
      host.remove();
    };
  }, [host]);

  const submit = async ({ password }: { password: string }): Promise<void> => {
    setBusy(true);
    setError(null);
    const result = await api.session.unlock({ password });
    setBusy(false);
    if (result.ok) onUnlocked();
    else if (result.error.code === 'unauthenticated') desk.report(result.error);
    else setError(errorText(m, result.error));
  };

  return createPortal(
    <div className="idle-lock" role="dialog" aria-modal="true" aria-labelledby="idle-lock-title" data-testid="idle-lock">
      <div className="idle-lock-card">
        <div className="idle-lock-icon">
          <LockOutlined />
        </div>
        <Typography.Title level={3} id="idle-lock-title" style={{ margin: '8px 0 4px' }}>
          {l.title}
        </Typography.Title>
        <div className="muted idle-lock-intro">{fill(l.intro, { minutes })}</div>
        <div className="idle-lock-who" data-testid="idle-lock-who">
          {fill(l.who, { name: session.person.name })}
        </div>
        <Form<{ password: string }> layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
          <Form.Item name="password" label={l.password} rules={[{ required: true, message: m.account.required }]}>
            <Input.Password autoFocus autoComplete="current-password" data-testid="idle-lock-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="idle-lock-error" />}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="idle-lock-unlock">
            {l.unlock}
          </Button>
        </Form>
        <div className="muted idle-lock-alarms">{l.alarms}</div>
        <Button type="link" onClick={() => desk.signOut()} data-testid="idle-lock-switch">
          {l.switchUser}
        </Button>
      </div>
    </div>,
    host,
  );
}
