/**
 * The API's shapes for accounts and sign-in that holds: changing one's own password (also the forced
 * change after an administrator's reset), the idle lock of the desk, and the administrator's account
 * list (locks, one-time passwords, the idle time). The password rule itself is password-policy.ts.
 */
import { z } from 'zod';
import { Id, Role } from './schemas';

const Password = z.string().min(1).max(256);

/** The idle lock: from 1 minute to 4 hours (default 30). */
export const IDLE_LOCK_DEFAULT_MINUTES = 30;
export const IdleLockMinutes = z.number().int().min(1).max(240);

export const ChangePasswordRequest = z.strictObject({ oldPassword: Password, newPassword: Password });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;
export const UnlockScreenRequest = z.strictObject({ password: Password });
export const PersonIdRequest = z.strictObject({ personId: Id });

/** One account as the administrator sees it (never its hash). */
export const AccountSummary = z.object({
  id: z.string(),
  name: z.string(),
  username: z.string(),
  roles: z.array(Role),
  /** Failures in a row since the last success (sign-in, screen unlock, handover signature). */
  failedAttempts: z.number(),
  /** Locked until then (ISO), or null. */
  lockedUntil: z.string().nullable(),
  /** Signs in with a one-time password and must set a new one first. */
  mustChangePassword: z.boolean(),
  passwordChangedAt: z.string().nullable(),
});
export type AccountSummary = z.infer<typeof AccountSummary>;

/** Shown to the administrator once; the person must replace it at their next sign-in. */
export const OneTimePassword = z.object({ oneTimePassword: z.string() });
export type OneTimePassword = z.infer<typeof OneTimePassword>;

export const AccountSettings = z.object({ idleLockMinutes: z.number() });
export type AccountSettings = z.infer<typeof AccountSettings>;
export const AccountSettingsUpdate = z.strictObject({ idleLockMinutes: IdleLockMinutes });
