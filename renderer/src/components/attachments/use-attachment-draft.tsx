/**
 * Files to attach along with a form's own command (intake, a note, report-back): the picker to show,
 * and `around(command, eventId)`, which sends the files up first (a program or an unknown type is
 * refused then, and the command does not run), runs the command, then attaches them to the event.
 * A failure after the command ran is said in the notice (the event was saved; the files were not).
 */
import { useState, type ReactNode } from 'react';
import type { ApiError } from '../../../../preload/contract';
import { useDesk } from '../../context/Desk';
import { fill } from '../../locales';
import { useAttachmentMessages } from './attachment-locales';
import { AttachmentPicker } from './AttachmentPicker';
import { attachStaged, stageFiles } from './attachment-upload';

type Refused = { readonly ok: false; readonly error: ApiError };

export interface AttachmentDraft {
  readonly picker: ReactNode;
  readonly files: readonly File[];
  /** Stages the files, runs the command, attaches them to `eventIdOf(result)`. */
  around<R extends { readonly ok: boolean }>(
    command: () => Promise<R>,
    eventIdOf: (done: Extract<R, { readonly ok: true }>) => string,
  ): Promise<(R & { notice?: string }) | Refused>;
}

export function useAttachmentDraft(enabled: boolean, busy = false): AttachmentDraft {
  const t = useAttachmentMessages();
  const desk = useDesk();
  const [files, setFiles] = useState<File[]>([]);
  const picker = enabled ? <AttachmentPicker files={files} onChange={setFiles} disabled={busy} /> : null;
  return {
    picker,
    files,
    async around(command, eventIdOf) {
      if (!enabled || files.length === 0) return command();
      const staged = await stageFiles(files);
      if (!staged.ok) return { ok: false, error: { ...staged.error, message: `${staged.name}: ${staged.error.message}` } };
      const outcome = await command();
      if (!outcome.ok) return outcome;
      const r = await attachStaged(eventIdOf(outcome as Extract<typeof outcome, { readonly ok: true }>), staged.staged);
      if (r.ok) return outcome;
      return { ...outcome, notice: fill(t.failed, { reason: desk.describe(r.error) }) };
    },
  };
}
