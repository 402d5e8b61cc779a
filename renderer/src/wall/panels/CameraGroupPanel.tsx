/**
 * 摄像头轮巡 (issue #18): a 2×2 or 3×3 grid of camera pictures. With more cameras than cells the group
 * turns to the next size² cameras every `rotateSeconds` on the page's one clock (the ServerClock
 * tick, as the screen's pages turn), labelled 第 n/m 组; the players of the group turned away are
 * unmounted and give their decoders back. The page's decoder cap (wall:cameras → decoders) applies
 * to every player on it: a 3×3 group needs it at 9 or more. The editor's preview does not play.
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { DEFAULT_CAMERA_DECODERS } from '../../../../preload/contract/wall-schemas';
import { api } from '../../api';
import { CameraPlayer } from '../../components/camera/CameraPlayer';
import { setDecoderCap } from '../../components/camera/decoder-slots';
import { useServerClock } from '../../context/ServerClock';
import { useRenderedEffect, useWallData } from '../use-wall-data';
import { useWall } from '../wall-context';
import { useWallMessages, wfill } from '../wall-locales';
import { groupAt, groupCameras, groupCount, groupOptions, groupSteps, onGroupSteps } from './camera-group';
import { PanelFrame } from './PanelFrame';
import type { PanelProps } from './types';
import './camera.css';

export function CameraGroupPanel({ tile }: PanelProps) {
  const w = useWallMessages();
  const { tick } = useServerClock();
  const extra = useSyncExternalStore(onGroupSteps, groupSteps);
  const { layoutId, screenIds } = useWall();
  const { size, cameras, rotateSeconds } = groupOptions(tile.options);
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
  useEffect(() => {
    if (data) setDecoderCap(data.decoders);
  }, [data]);

  const groups = groupCount(cameras.length, size);
  const index = groupAt(tick, rotateSeconds, groups, extra);
  const shown = groupCameras(cameras, size, index);
  const label = groups > 1 ? wfill(w.cameraGroup.page, { i: index + 1, n: groups }) : null;

  let body;
  if (cameras.length === 0) body = <div className="wall-empty">{w.camera.none}</div>;
  else if (!layoutId) body = <div className="wall-empty">{wfill(w.cameraGroup.preview, { size, n: cameras.length })}</div>;
  else if (!data) body = null;
  else
    body = (
      <div className="wall-camera-grid" style={{ gridTemplateColumns: `repeat(${size}, 1fr)`, gridTemplateRows: `repeat(${size}, 1fr)` }}>
        {shown.map((code) => {
          const camera = data.cameras.find((c) => c.code === code) ?? null;
          return (
            <div key={code} className="wall-camera-cell" data-camera={code} data-testid="wall-camera-cell">
              {camera ? (
                <>
                  <CameraPlayer name={camera.name} hlsUrl={camera.hlsUrl} flvUrl={camera.flvUrl} whepUrl={camera.whepUrl} className="wall-camera-player" />
                  <div className="wall-camera-cell-name" data-testid="wall-camera-cell-name">
                    {camera.name}
                  </div>
                </>
              ) : (
                <div className="wall-empty" data-testid="wall-camera-gone">
                  {w.camera.gone}
                </div>
              )}
            </div>
          );
        })}
      </div>
    );

  return (
    <PanelFrame title={w.panels.cameraGroup} testId="wall-panel-camera-group" className="wall-camera wall-camera-group">
      <div className="wall-camera-body" data-group={index + 1} data-groups={groups}>
        {body}
        {label && (
          <div className="wall-camera-group-label num" data-testid="wall-camera-group-label">
            {label}
          </div>
        )}
      </div>
    </PanelFrame>
  );
}
