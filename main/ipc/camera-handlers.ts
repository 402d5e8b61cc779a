/**
 * 摄像头 (系统设置, the administrator's) and 联动 (an event's nearest cameras, any desk reader):
 * validated by the door (callApi) against preload/contract/camera-schemas.ts, then core
 * (main/core/town/cameras), which checks the role (manageTown; read for linkage) and the camera.
 */
import type { z } from 'zod';
import type { API, Channel, ResponseOf } from '../../preload/contract/api';
import { CAMERA_IMPORT_MAX_BYTES } from '../../preload/contract/camera-schemas';
import type { Core } from '../core/app-core';
import { refuse } from '../core/errors';
import type { Actor } from '../core/kernel/actor';

type CameraChannel = Extract<Channel, `cameras:${string}`>;
type Signed = { actor: Actor | null };
type Handlers = { [C in CameraChannel]: (core: Core, session: Signed, request: z.output<(typeof API)[C]['request']>) => Promise<ResponseOf<C>> };

const OK = { ok: true } as const;

function actorOf(session: Signed): Actor {
  if (!session.actor) refuse('unauthenticated', 'sign in first');
  return session.actor;
}

export const CAMERA_HANDLERS: Handlers = {
  'cameras:list': (core, s) => core.cameras.list(actorOf(s)),
  'cameras:add': async (core, s, req) => (await core.cameras.add(actorOf(s), req), OK),
  'cameras:edit': async (core, s, req) => (await core.cameras.edit(actorOf(s), req), OK),
  'cameras:setEnabled': async (core, s, req) => (await core.cameras.setEnabled(actorOf(s), req.code, req.enabled), OK),
  'cameras:import': async (core, s, req) => {
    const bytes = Buffer.from(req.base64, 'base64');
    if (bytes.length > CAMERA_IMPORT_MAX_BYTES) refuse('bad_request', 'the camera workbook is too large');
    return core.cameras.importWorkbook(actorOf(s), req.fileName, bytes);
  },
  // 联动: any desk reader (the core checks `read`); the settings saved by the administrator (manageTown).
  'cameras:linked': (core, s, req) => core.cameraLinkage.linked(actorOf(s), req.eventId),
  'cameras:linkageSettings': (core, s) => core.cameraLinkage.settings(actorOf(s)),
  // The desk's maps: the places (no address) and one camera's stream, any desk reader (the core checks `read`).
  'cameras:points': (core, s) => core.cameras.points(actorOf(s)),
  'cameras:stream': (core, s, req) => core.cameras.stream(actorOf(s), req.code),
  'cameras:saveLinkageSettings': async (core, s, req) => (await core.cameraLinkage.saveSettings(actorOf(s), req), OK),
};
