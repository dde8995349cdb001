import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The one-way layers of ARCHITECTURE.md are enforced by lint; this proves the rules bite.
const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer zones', () => {
  it.each([
    ['renderer/src/x.ts', "import { openKioskDatabase } from '../../db/connection'; export const a = openKioskDatabase;"],
    ['renderer/src/x.ts', "import { openKiosk } from '../../services/kiosk'; export const a = openKiosk;"],
    ['core/x.ts', "import { openKiosk } from '../services/kiosk'; export const a = openKiosk;"],
    ['db/x.ts', "import { openKiosk } from '../services/kiosk'; export const a = openKiosk;"],
    ['services/x.ts', "import { registerIpc } from '../electron/main/ipc'; export const a = registerIpc;"],
    ['electron/preload/x.ts', "import { openKiosk } from '../../services/kiosk'; export const a = openKiosk;"],
  ])('%s may not import across the layers', async (file, code) => {
    expect(await problems(file, code)).toContain('import-x/no-restricted-paths');
  });

  it.each([
    ['core/x.ts', "import { readFileSync } from 'node:fs'; export const a = readFileSync;"],
    ['core/x.ts', "import Database from 'better-sqlite3'; export const a = Database;"],
    ['renderer/src/x.ts', "import { readFileSync } from 'node:fs'; export const a = readFileSync;"],
    ['services/x.ts', "import { app } from 'electron'; export const a = app;"],
  ])('%s may not use host modules', async (file, code) => {
    expect(await problems(file, code)).toContain('no-restricted-imports');
  });

  it('allows the permitted direction', async () => {
    expect(await problems('services/x.ts', "import { decideCheckin } from '../core/checkin/decide'; export const a = decideCheckin;")).toEqual([]);
    expect(await problems('renderer/src/x.ts', "import { methods } from '../../core/contract/methods'; export const a = methods;")).toEqual([]);
  });
});
