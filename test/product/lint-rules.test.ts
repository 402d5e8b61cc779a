/**
 * The layer map in eslint.config.mjs bites: probe files (linted as text, never written) that cross a
 * boundary are refused, a file in a folder nobody placed is refused, and an import along an allowed
 * edge passes. Type-aware rules are switched off here (the probes are not files the TypeScript project
 * knows); everything else is the project's own configuration.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: path.join(ROOT, 'eslint.config.mjs'),
    overrideConfig: [tseslint.configs.disableTypeChecked],
  });
});

interface Finding {
  readonly rule: string | null;
  readonly message: string;
}

async function lint(file: string, code: string): Promise<Finding[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => ({ rule: m.ruleId, message: m.message }));
}

/** The probes import real files: an import that resolves nowhere is not judged, and would pass. */
function exists(...files: string[]): void {
  for (const file of files) expect(existsSync(path.join(ROOT, file)), file).toBe(true);
}

const rules = (findings: readonly Finding[]): (string | null)[] => findings.map((f) => f.rule);

describe('the layer map (eslint-plugin-boundaries)', () => {
  it('refuses main/core importing a front door (main/web)', async () => {
    exists('main/web/server.ts');
    const findings = await lint('main/core/events/probe.ts', "import { startWebConsole } from '../../web/server';\nexport const probe = startWebConsole;\n");
    expect(rules(findings)).toContain('boundaries/dependencies');
    expect(findings.find((f) => f.rule === 'boundaries/dependencies')?.message).toMatch(/feature may not import web/);
  });

  it('refuses the renderer importing main/', async () => {
    exists('main/core/errors.ts');
    const findings = await lint('renderer/src/components/Probe.tsx', "import { DomainError } from '../../../main/core/errors';\nexport const probe = DomainError;\n");
    expect(rules(findings)).toContain('boundaries/dependencies');
  });

  it('refuses preload/contract importing main/', async () => {
    exists('main/core/errors.ts');
    const findings = await lint('preload/contract/probe.ts', "import { DomainError } from '../../main/core/errors';\nexport const probe = DomainError;\n");
    expect(rules(findings)).toContain('boundaries/dependencies');
  });

  it('refuses a file in a folder that is not placed in the map', async () => {
    const findings = await lint('main/core/newthing/x.ts', 'export const probe = 1;\n');
    expect(rules(findings)).toContain('boundaries/no-unknown-files');
    expect(findings.map((f) => f.message).join('\n')).toMatch(/place this folder in eslint\.config\.mjs first/);
  });

  it('refuses a feature importing another feature along an edge that is not listed (sla → events)', async () => {
    exists('main/core/events/event.service.ts');
    const findings = await lint('main/core/sla/probe.ts', "import { EventService } from '../events/event.service';\nexport const probe = EventService;\n");
    expect(rules(findings)).toEqual(['boundaries/dependencies']);
  });

  it('refuses the kernel importing a feature', async () => {
    exists('main/core/events/event.service.ts');
    const findings = await lint('main/core/kernel/probe.ts', "import { EventService } from '../events/event.service';\nexport const probe = EventService;\n");
    expect(rules(findings)).toEqual(['boundaries/dependencies']);
  });

  it('refuses a front door importing the Electron shell (main/ipc → main/shell)', async () => {
    exists('main/shell/security.ts');
    const findings = await lint('main/ipc/probe.ts', "import { hardenSession } from '../shell/security';\nexport const probe = hardenSession;\n");
    expect(rules(findings)).toContain('boundaries/dependencies');
  });

  it('keeps Electron out of main/core', async () => {
    const findings = await lint('main/core/events/probe.ts', "import { app } from 'electron';\nexport const probe = app;\n");
    expect(rules(findings)).toContain('no-restricted-imports');
  });

  it('passes a feature importing the kernel, the database, a helper, the contract and a listed edge (events → sla)', async () => {
    exists('main/core/sla/sla.ts', 'main/core/kernel/clock.ts', 'main/core/db/db.ts', 'main/core/errors.ts', 'preload/contract/schemas.ts');
    const code = [
      "import { deadline } from '../sla/sla';",
      "import * as clock from '../kernel/clock';",
      "import type { Sql } from '../db/db';",
      "import { DomainError } from '../errors';",
      "import type { Role } from '../../../preload/contract/schemas';",
      'export const probe: [unknown, unknown, unknown, Sql | null, Role | null] = [deadline, clock, DomainError, null, null];',
      '',
    ].join('\n');
    expect(await lint('main/core/events/probe.ts', code)).toEqual([]);
  });

  it('passes the wiring (app-core.ts) importing every part of core, and main/index.ts importing the shell', async () => {
    exists('main/core/events/event.service.ts', 'main/shell/security.ts');
    expect(await lint('main/core/app-core.ts', "import { EventService } from './events/event.service';\nexport const probe = EventService;\n")).toEqual([]);
    expect(await lint('main/index.ts', "import { hardenSession } from './shell/security';\nexport const probe = hardenSession;\n")).toEqual([]);
  });
});
