/**
 * 摄像头画面 (issue #18): one camera's live picture, muted, under its name. The page asks core for the
 * cameras its own layout's camera tiles name (wall:cameras: only those, addresses included, never the
 * whole register); a camera disabled since shows so. The editor's preview names the camera and does
 * not play (the layout may not be saved yet).
 */
import { useCallback, useEffect } from 'react';
import { DEFAULT_CAMERA_DECODERS } from '../../../../preload/contract/wall-schemas';
import { api } from '../../api';
import { CameraPlayer } from '../../components/camera/CameraPlayer';
import { setDecoderCap } from '../../components/camera/decoder-slots';
import { useRenderedEffect, useWallData } from '../use-wall-data';
import { useWall } from '../wall-context';
import { useWallMessages, wfill } from '../wall-locales';
import { PanelFrame } from './PanelFrame';
import type { PanelProps } from './types';
import './camera.css';

export function CameraPanel({ tile }: PanelProps) {
  const w = useWallMessages();
  const { layoutId, screenIds } = useWall();
  const code = typeof tile.options.camera === 'string' ? tile.options.camera : null;
  const screensKey = (screenIds ?? []).join(',');
  const { data, rendered } = useWallData(
    'camera',
    useCallback(
      () =>
        layoutId && screensKey
          ? api.wall.cameras({ layoutId, screenIds: screensKey.split(',') })
          : Promise.resolve({ ok: true as const, data: { cameras: [], decoders: DEFAULT_CAMERA_DECODERS } }),
      [layoutId, screensKey],
    ),
    2000,
  );
  useRenderedEffect(data, rendered);
  // The page's cap on pictures decoded at once, as the wall's settings say (wall:setCameraSettings).
  useEffect(() => {
    if (data) setDecoderCap(data.decoders);
  }, [data]);
  const camera = code && data ? (data.cameras.find((c) => c.code === code) ?? null) : null;

  let body;
  if (!code) body = <div className="wall-empty">{w.camera.none}</div>;
  else if (!layoutId) body = <div className="wall-empty">{wfill(w.camera.preview, { name: code })}</div>;
  else if (!data) body = null;
  else if (!camera)
    body = (
      <div className="wall-empty" data-testid="wall-camera-gone">
        {w.camera.gone}
      </div>
    );
  else body = <CameraPlayer name={camera.name} hlsUrl={camera.hlsUrl} flvUrl={camera.flvUrl} whepUrl={camera.whepUrl} className="wall-camera-player" />;

  return (
    <PanelFrame title={camera?.name ?? w.panels.camera} testId="wall-panel-camera" className="wall-camera">
      <div className="wall-camera-body" data-camera={code ?? undefined}>
        {body}
      </div>
    </PanelFrame>
  );
}
