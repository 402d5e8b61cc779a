/**
 * Attachments at the door (issue #15, preload/contract/attachment-schemas.ts): a file's chunks, then
 * the attach by the upload's id, or the whole file at once. Base64 that is not base64 is refused as
 * unreadable before the core sees it; the core reads the type from the bytes and refuses in words.
 */
import { refuse } from '../core/errors';
import type { HandlerTable } from './handler-support';
import { actorOf } from './handler-support';

type AttachChannel = 'events:attachUpload' | 'events:attach';

/** Strict base64 (RFC 4648, padded): anything else is not the bytes the person chose. */
export function decodeBase64(text: string): Buffer {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) refuse('attachment_unreadable', 'the file’s data is not base64');
  return Buffer.from(text, 'base64');
}

export const ATTACHMENT_HANDLERS: Pick<HandlerTable, AttachChannel> = {
  'events:attachUpload': async (core, s, req) => {
    const { dataBase64, ...chunk } = req;
    return core.events.attachUpload(actorOf(s), { ...chunk, data: decodeBase64(dataBase64) });
  },
  'events:attach': (core, s, req) => {
    if ('uploadId' in req) return core.events.attachStaged(actorOf(s), req);
    return core.events.attach(actorOf(s), { eventId: req.eventId, name: req.name, bytes: decodeBase64(req.dataBase64) });
  },
};
