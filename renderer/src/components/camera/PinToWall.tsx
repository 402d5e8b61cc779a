/**
 * 推送到大屏 (issue #18): from the event detail's 联动摄像头 list or the 网格位置 map's camera picture, a
 * duty leader sends one camera to a wall screen. The button opens a dialog listing every screen of
 * every wall layout (wall:pinTargets) with what it plays now; 推送 pins the camera there
 * (wall:pinCamera), 取消推送 takes a screen's camera off (wall:unpinCamera). The core checks the
 * role and the camera and the screen, and refuses in words this dialog shows (nothing changed).
 * Only shown to a person the role table lets pin (desk.can('pinCamera')).
 */
import { App as AntApp, Button, Modal, Radio, Space, Tag } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../../../preload/contract';
import type { WallPinTarget } from '../../../../preload/contract/wall-schemas';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { useIntentIds } from '../../lib/command-id';
import { errorText, fill, useMessages } from '../../locales';
import { cameraErrorText, useCameraMessages, type CameraMessages } from '../../pages/settings/camera-locales';

const keyOf = (t: Pick<WallPinTarget, 'layoutId' | 'screenId'>): string => `${t.layoutId}/${t.screenId}`;

export function screenLabel(t: CameraMessages, s: WallPinTarget): string {
  return fill(t.pin.screen, { layout: s.layoutName, screen: s.screenName ?? fill(t.pin.screenName, { col: s.col + 1, row: s.row + 1 }) });
}

/** A pin refusal in words; the console's own sentence for anything else. */
export function pinErrorText(t: CameraMessages, error: ApiError): string | null {
  const which = error.params?.pin;
  if (typeof which === 'string' && which in t.pin.refusals) return fill(t.pin.refusals[which as keyof CameraMessages['pin']['refusals']], { camera: error.params?.camera });
  if (error.code === 'forbidden') return t.pin.refusals.forbidden;
  return cameraErrorText(t, error);
}

function PinDialog({ code, name, onClose }: { code: string; name: string; onClose(): void }) {
  const t = useCameraMessages();
  const m = useMessages();
  const { message } = AntApp.useApp();
  const intents = useIntentIds();
  const [targets, setTargets] = useState<WallPinTarget[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  // After 推送 or 取消推送 the pressed button may be gone: the focus stays in the dialog (on the chosen screen).
  const keepFocus = () =>
    requestAnimationFrame(() =>
      (box.current?.querySelector<HTMLElement>('input[type="radio"]:checked') ?? box.current?.querySelector<HTMLElement>('input[type="radio"]'))?.focus(),
    );
  const reload = useFeedLoad(
    useCallback(() => api.wall.pinTargets({}), []),
    {
      apply: (r) => {
        if (r.ok) {
          setTargets(r.data);
          setChosen((c) => c ?? (r.data[0] ? keyOf(r.data.find((x) => x.linkageTile) ?? r.data[0]) : null));
        } else setRefusal(pinErrorText(t, r.error) ?? errorText(m, r.error));
      },
      feed: { wall: true, town: true },
    },
  );
  const refused = (error: ApiError) => setRefusal(pinErrorText(t, error) ?? errorText(m, error));

  const pin = async () => {
    const target = targets?.find((x) => keyOf(x) === chosen);
    if (!target || busy) return;
    setBusy(true);
    const r = await intents.send(`pin:${keyOf(target)}:${code}`, (commandId) => api.wall.pinCamera({ layoutId: target.layoutId, screenId: target.screenId, code, commandId }));
    setBusy(false);
    if (!r.ok) {
      keepFocus();
      return refused(r.error);
    }
    setRefusal(null);
    void message.success(fill(t.pin.pinned, { screen: screenLabel(t, target) }));
    reload();
    keepFocus();
  };
  const unpin = async (target: WallPinTarget) => {
    // The 取消推送 pressed goes once the screen is free: the focus moves to its screen now, before the
    // feed can remove the button (a focus left on the page would send the next Esc to the page).
    box.current?.querySelector<HTMLElement>(`[data-testid="pin-target"][data-screen="${target.screenId}"][data-layout="${target.layoutId}"] input[type="radio"]`)?.focus();
    setBusy(true);
    const r = await intents.send(`unpin:${keyOf(target)}`, (commandId) => api.wall.unpinCamera({ layoutId: target.layoutId, screenId: target.screenId, commandId }));
    setBusy(false);
    if (!r.ok) {
      keepFocus();
      return refused(r.error);
    }
    setRefusal(null);
    void message.success(fill(t.pin.unpinned, { screen: screenLabel(t, target) }));
    reload();
    keepFocus();
  };

  return (
    <Modal
      open
      title={fill(t.pin.title, { name })}
      onCancel={onClose}
      okText={t.pin.send}
      onOk={() => void pin()}
      okButtonProps={{ disabled: !chosen || busy, ...{ 'data-testid': 'pin-send' } }}
      destroyOnHidden
      width={640}
      // Esc closes this dialog only, not the detail or the picture behind it.
      modalRender={(node) => (
        <div
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            // Not to the picture's dialog either (React passes events up through portals).
            e.stopPropagation();
            e.nativeEvent.stopPropagation();
            onClose();
          }}
        >
          {node}
        </div>
      )}
    >
      <div ref={box} data-testid="pin-dialog">
        <p className="muted">{t.pin.intro}</p>
        {targets && targets.length === 0 && <p data-testid="pin-no-screens">{t.pin.noScreens}</p>}
        {targets && targets.length > 0 && (
          <Radio.Group value={chosen} onChange={(e) => setChosen(e.target.value as string)} aria-label={fill(t.pin.title, { name })} style={{ width: '100%' }}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {targets.map((s) => (
                <div key={keyOf(s)} className="pin-target" data-testid="pin-target" data-screen={s.screenId} data-layout={s.layoutId}>
                  <Radio value={keyOf(s)}>
                    {screenLabel(t, s)} <Tag>{s.linkageTile ? t.pin.hasTile : t.pin.overlay}</Tag>
                  </Radio>
                  {s.pinned && (
                    <span className="pin-target-now">
                      <Tag color="purple" data-testid="pin-target-now">
                        {fill(t.pin.pinnedNow, { name: s.pinned.name })}
                      </Tag>
                      <Button
                        size="small"
                        onClick={() => void unpin(s)}
                        disabled={busy}
                        aria-label={fill(t.pin.unpinLabel, { name: s.pinned.name, screen: screenLabel(t, s) })}
                        data-testid="pin-unpin"
                      >
                        {t.pin.unpin}
                      </Button>
                    </span>
                  )}
                </div>
              ))}
            </Space>
          </Radio.Group>
        )}
        {refusal && (
          <div className="danger" role="alert" data-testid="pin-refusal">
            {refusal}
          </div>
        )}
      </div>
    </Modal>
  );
}

/** The 推送到大屏 button of one camera; nothing for a person who may not pin. */
export function PinToWall({ code, name, size = 'small' }: { code: string; name: string; size?: 'small' | 'middle' }) {
  const t = useCameraMessages();
  const desk = useDesk();
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  // Once the dialog has gone (after its own focus handling), the focus is back on this button: Esc
  // then closes what is behind (the picture), never the page.
  const wasOpen = useRef(false);
  useEffect(() => {
    if (!open && wasOpen.current) opener.current?.focus();
    wasOpen.current = open;
  }, [open]);
  if (!desk.can('pinCamera')) return null;
  return (
    <>
      <Button ref={opener} size={size} onClick={() => setOpen(true)} aria-label={fill(t.pin.buttonLabel, { name })} data-testid="pin-to-wall" data-code={code}>
        {t.pin.button}
      </Button>
      {open && <PinDialog code={code} name={name} onClose={() => setOpen(false)} />}
    </>
  );
}
