/**
 * The one write path, held by a scan: no file of main/ outside main/core/kernel writes an audit row or
 * an outbox op itself — no INSERT INTO audit_log / outbox, no call or import of the kernel's writers
 * (appendAudit, appendOutbox, kernel/audit.repository). A feature writes them through its command's
 * `tx.audit` / `tx.outbox`; a sync sink hands its audit back to the page's command. A second insert
 * path cannot come back unnoticed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'main');
const KERNEL = path.join(MAIN, 'core', 'kernel') + path.sep;

const RULES: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'inserts into audit_log', pattern: /\b(?:INSERT|REPLACE)(?:\s+OR\s+\w+)?\s+INTO\s+["'`[]?audit(?:_log)?\b/i },
  { name: 'inserts into outbox', pattern: /\b(?:INSERT|REPLACE)(?:\s+OR\s+\w+)?\s+INTO\s+["'`[]?outbox\b/i },
  { name: "uses the kernel's audit writer", pattern: /\bappendAudit\b|kernel\/audit\.repository\b/ },
  { name: "uses the kernel's outbox writer", pattern: /\bappendOutbox\b/ },
];

/** `line: what` for every line of `code` that writes audit or outbox rows itself. */
function offences(code: string): string[] {
  const found: string[] = [];
  code.split('\n').forEach((line, i) => {
    for (const rule of RULES) if (rule.pattern.test(line)) found.push(`${i + 1}: ${rule.name}`);
  });
  return found;
}

function sources(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sources(full));
    else if (/\.(?:[cm]?ts|tsx|[cm]?js)$/.test(entry.name)) files.push(full);
  }
  return files;
}

describe('the one write path', () => {
  it('no file of main/ outside main/core/kernel inserts audit or outbox rows', () => {
    const files = sources(MAIN);
    // The scan sees the tree: the features, and the kernel it leaves out.
    expect(files.some((f) => f.startsWith(KERNEL))).toBe(true);
    expect(files.filter((f) => !f.startsWith(KERNEL)).length).toBeGreaterThan(50);
    const found = files.filter((f) => !f.startsWith(KERNEL)).flatMap((f) => offences(readFileSync(f, 'utf8')).map((o) => `${path.relative(ROOT, f)}:${o}`));
    expect(found).toEqual([]);
  });

  it('the kernel holds the writers the scan looks for', () => {
    expect(offences(readFileSync(path.join(KERNEL, 'audit.repository.ts'), 'utf8'))).not.toEqual([]);
    expect(offences(readFileSync(path.join(KERNEL, 'outbox.repository.ts'), 'utf8'))).not.toEqual([]);
  });

  it('catches each way of writing them (as the remote absence sink once did)', () => {
    // The sink of district absences, before it handed its audit back to the page's command:
    const before = [
      "import { appendAudit } from '../kernel/audit.repository';",
      "    await appendAudit(sql, { at, actorId: null, action: 'absence.synced', entity: 'absence', entityId, detail: { personId: record.person_id, kind: record.kind, cancelled } });",
    ].join('\n');
    expect(offences(before)).toEqual(["1: uses the kernel's audit writer", "2: uses the kernel's audit writer"]);
    expect(offences('sql.run(`INSERT INTO audit_log (at, actor_id) VALUES (?,?)`, [at, id])')).toEqual(['1: inserts into audit_log']);
    expect(offences("sql.run('insert or ignore into outbox (op_id) values (?)', [id])")).toEqual(['1: inserts into outbox']);
    expect(offences('await appendOutbox(sql, op);')).toEqual(["1: uses the kernel's outbox writer"]);
    // Reading them, and writing through the command, is not an offence.
    expect(offences("await tx.audit('absence.add', 'absence', id, {});\nawait tx.outbox(op);\nsql.all(`SELECT * FROM outbox WHERE status = 'pending'`);")).toEqual([]);
  });
});
