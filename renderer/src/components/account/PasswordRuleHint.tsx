/**
 * The password rule under a new-password field, as the person types: which of the two forms holds
 * (≥ 10 characters of two kinds, or a passphrase of ≥ 3 words and ≥ 12 characters), what is still
 * wrong, and a strength word. The same check main applies (preload/contract/password-policy.ts).
 */
import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { checkPassword } from '../../../../preload/contract';
import { fill, useMessages } from '../../locales';
import './account.css';

export function PasswordRuleHint({ password, username, oldPassword }: { password: string; username?: string; oldPassword?: string }) {
  const m = useMessages();
  const a = m.account;
  const check = checkPassword(password, { username, oldPassword: oldPassword || undefined });
  const empty = password.length === 0;
  // Either form will do: once one holds, the other is no longer a fault (grey, not red).
  const eitherHolds = check.passwordForm || check.passphraseForm;
  const mark = (ok: boolean) =>
    empty || (!ok && eitherHolds) ? (
      <MinusCircleOutlined className="rule-mark idle" />
    ) : ok ? (
      <CheckCircleFilled className="rule-mark ok" />
    ) : (
      <CloseCircleFilled className="rule-mark bad" />
    );
  // The form rules are shown as ticks; the other problems as sentences (the form one is shown by its tick).
  const problems = check.issues.filter((i) => i !== 'too_short' && i !== 'one_kind');
  return (
    <div className="password-rule" data-testid="password-rule" data-ok={check.ok ? 'true' : 'false'}>
      <div className="password-rule-title">{a.rule.title}</div>
      <div className="password-rule-line" data-testid="password-rule-password" data-ok={check.passwordForm ? 'true' : 'false'}>
        {mark(check.passwordForm)} {a.rule.password}
      </div>
      <div className="password-rule-line" data-testid="password-rule-passphrase" data-ok={check.passphraseForm ? 'true' : 'false'}>
        {mark(check.passphraseForm)} {a.rule.passphrase}
      </div>
      {problems.map((issue) => (
        <div key={issue} className="password-rule-line bad" data-testid="password-rule-problem">
          <CloseCircleFilled className="rule-mark bad" /> {a.issues[issue] ?? issue}
        </div>
      ))}
      {!empty && (
        <div className="password-rule-meta">
          <span>{fill(a.rule.counts, { length: check.length, words: check.words })}</span>
          <span className={`password-strength ${check.strength}`} data-testid="password-strength" data-strength={check.strength}>
            {fill(a.rule.strength, { level: a.rule.levels[check.strength] ?? check.strength })}
          </span>
        </div>
      )}
    </div>
  );
}
