/**
 * Reaching people away from the desk (短信 / 政务通道): the one interface a town's own gateway plugs
 * in behind. The core hands each escalation step's message to the gateway after the step is written,
 * never inside a transaction, and records the answer on the step; a gateway that throws or answers
 * `failed` leaves the step in place (the desk sees 发送失败) and is not retried by the core.
 *
 * The message's `key` is the idempotency key (`<alarm id>:<step>` … stable on one console; two
 * consoles that derive the same step send the same `dedupeKey`): a gateway that can deduplicate
 * should do so by `dedupeKey`, so a person is told once however many consoles the town runs.
 *
 * The product ships only `LogGateway`: it writes each message to the `message_log` table and answers
 * `logged`. A town plugs its own in with `createAppCore({ messageGateway })` (main/core/app-core.ts).
 */
import { SYSTEM, withCommandScope, type Kernel } from '../kernel';

export interface OutgoingMessage {
  /** Unique per console and step. */
  readonly key: string;
  /** The same on every console that derives this step (event or task, alarm kind, step, target). */
  readonly dedupeKey: string;
  readonly personId: string;
  readonly personName: string;
  /** The person's phone as the town keeps it; null when none is on record (the gateway is not called). */
  readonly phone: string;
  /** The Chinese sentence to send, at most 200 characters. */
  readonly text: string;
}

export type DeliveryStatus = 'sent' | 'logged' | 'failed';

export interface MessageGateway {
  /** Shown in the log and in 告警台 (e.g. 「日志（未接短信网关）」 or the provider's name). */
  readonly name: string;
  send(message: OutgoingMessage): Promise<{ status: DeliveryStatus; error?: string }>;
}

/** The built-in gateway: records what would have been sent; sends nothing. */
export class LogGateway implements MessageGateway {
  readonly name = 'log';

  constructor(private readonly kernel: Kernel) {}

  async send(m: OutgoingMessage): Promise<{ status: DeliveryStatus }> {
    // A system command of its own (the core hands messages over after the step's transaction).
    await withCommandScope({}, () =>
      this.kernel.run({ name: 'message.log', actor: SYSTEM, audit: false }, (tx) =>
        tx.sql.run(`INSERT INTO message_log (key, at, person_id, phone, text, gateway, status) VALUES (?,?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING`, [
          m.key,
          tx.at,
          m.personId,
          m.phone,
          m.text,
          this.name,
          'logged',
        ]),
      ),
    );
    return { status: 'logged' };
  }
}
