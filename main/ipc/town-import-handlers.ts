/**
 * 本镇数据导入 at the door (preload/contract/town-import-schemas.ts): administrators only (the core's
 * `importTown` permit). Sizes are bounded by the schemas first (a chunk of at most 128 KiB of base64,
 * a file of at most 20 MB, at most 8 files), then by the core (chunks in order, what one person may
 * stage at once).
 */
import type { z } from 'zod';
import type { API, Channel, ResponseOf } from '../../preload/contract/api';
import type { Core } from '../core/app-core';
import { refuse } from '../core/errors';
import type { Actor } from '../core/kernel/actor';

type ImportChannel = Extract<Channel, `town:import${string}`>;
/** What these handlers need of a session (the door's Session has more). */
type Signed = { actor: Actor | null };
type Handlers = { [C in ImportChannel]: (core: Core, session: Signed, request: z.output<(typeof API)[C]['request']>) => Promise<ResponseOf<C>> };

function actorOf(session: Signed): Actor {
  if (!session.actor) refuse('unauthenticated', 'sign in first');
  return session.actor;
}

export const TOWN_IMPORT_HANDLERS: Handlers = {
  'town:importTemplate': (core, s, req) => core.townImport.template(actorOf(s), req.kind),
  'town:importUpload': async (core, s, req) => {
    const { dataBase64, ...chunk } = req;
    return core.townImport.upload(actorOf(s), { ...chunk, data: Buffer.from(dataBase64, 'base64') });
  },
  'town:importPreview': (core, s, req) => core.townImport.previewUploads(actorOf(s), req.uploadIds),
  'town:importApply': (core, s, req) => core.townImport.apply(actorOf(s), req.previewId),
};
