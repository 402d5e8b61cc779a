/**
 * The password rule, defined once: main refuses a new password that breaks it, and the renderer shows
 * it as the person types (the same function, so the hint never disagrees with the refusal).
 *
 * A new password is accepted when it is EITHER
 *   - a password: at least 10 characters, of at least two kinds among letters, digits and other
 *     symbols (`qingxi2026`, `值班台-青溪镇-08`); OR
 *   - a passphrase: at least 3 words separated by spaces and at least 12 characters in all
 *     (`青溪 河边 柳树 发芽`, `red kettle on the stove`);
 * AND it is not a common password, not the demo password `duty1234` (which exists only in the demo
 * town), does not contain the username, is not the old password, has no control characters and is at
 * most 128 characters. Characters are counted as Unicode code points after NFKC normalization (the
 * form that is hashed), so a Chinese character counts as one.
 */

export const PASSWORD_MIN_LENGTH = 10;
export const PASSPHRASE_MIN_WORDS = 3;
export const PASSPHRASE_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
/** The password every demo-town account starts with; refused as a new password everywhere. */
export const DEMO_PASSWORD = 'duty1234';

/** Why a new password is refused (the first one is shown with the refusal; the hint shows them all). */
export type PasswordIssue = 'too_short' | 'one_kind' | 'common' | 'demo' | 'contains_username' | 'same_as_old' | 'control_chars' | 'too_long';

export interface PasswordCheck {
  readonly ok: boolean;
  /** Which form it passes as (a passphrase first), or null. */
  readonly form: 'passphrase' | 'password' | null;
  /** The length rule (≥ 10 and two kinds) holds. */
  readonly passwordForm: boolean;
  /** The passphrase rule (≥ 3 words, ≥ 12 characters) holds. */
  readonly passphraseForm: boolean;
  readonly length: number;
  readonly words: number;
  /** How many of letters, digits and other symbols it uses (0–3). */
  readonly kinds: number;
  readonly strength: 'weak' | 'fair' | 'strong';
  readonly issues: readonly PasswordIssue[];
}

/** Passwords seen at the top of every leaked list (and the demo's), compared in lower case. */
const COMMON = new Set([
  'duty1234',
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  'p@ssw0rd123',
  'qwerty1234',
  'qwerty123456',
  'qwertyuiop1',
  '1qaz2wsx3edc',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'a123456789',
  'a1234567890',
  'abc1234567',
  'abc12345678',
  'abcd123456',
  'aa123456789',
  'admin12345',
  'admin123456',
  'admin@1234',
  'woaini1314',
  'iloveyou123',
  '123456789a',
  '1234567890a',
  'zxcvbnm123',
  'asdfghjkl1',
]);

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function codePoints(text: string): number {
  return [...text].length;
}

export function checkPassword(password: string, context: { readonly username?: string; readonly oldPassword?: string } = {}): PasswordCheck {
  const text = password.normalize('NFKC');
  const length = codePoints(text);
  const words = text
    .trim()
    .split(/\s+/u)
    .filter((w) => w.length > 0).length;
  const kinds = [/\p{L}/u, /\p{N}/u, /[^\p{L}\p{N}\s]/u].filter((re) => re.test(text)).length;
  const passwordForm = length >= PASSWORD_MIN_LENGTH && kinds >= 2;
  const passphraseForm = words >= PASSPHRASE_MIN_WORDS && length >= PASSPHRASE_MIN_LENGTH;
  const issues: PasswordIssue[] = [];
  if (!passwordForm && !passphraseForm) issues.push(length < PASSWORD_MIN_LENGTH ? 'too_short' : 'one_kind');
  const lower = text.toLowerCase();
  if (lower === DEMO_PASSWORD) issues.push('demo');
  else if (COMMON.has(lower) || /^(.)\1*$/u.test(text)) issues.push('common');
  const username = context.username?.trim().toLowerCase();
  if (username && username.length >= 3 && lower.includes(username)) issues.push('contains_username');
  if (context.oldPassword !== undefined && context.oldPassword.normalize('NFKC') === text) issues.push('same_as_old');
  if (CONTROL.test(text)) issues.push('control_chars');
  if (length > PASSWORD_MAX_LENGTH) issues.push('too_long');
  const ok = issues.length === 0;
  const form = passphraseForm ? 'passphrase' : passwordForm ? 'password' : null;
  const strength = !ok ? 'weak' : length >= 16 || kinds >= 3 || words >= 4 ? 'strong' : 'fair';
  return { ok, form, passwordForm, passphraseForm, length, words, kinds, strength, issues };
}
