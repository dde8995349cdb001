import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BRANCH_POLICY } from '../core/checkin/policy';
import { loadBranchPolicy, PolicyFileError } from './policyLoader';
import { RESOURCES_DIR } from './testing/tempKiosk';

const dirs: string[] = [];
function resources(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-policy-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'policy', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'policy', name), text);
  }
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('loadBranchPolicy', () => {
  it('reads the shipped default and the demo branch override', () => {
    expect(loadBranchPolicy(RESOURCES_DIR, 'NO-SUCH-BRANCH')).toEqual(DEFAULT_BRANCH_POLICY);
    const demo = loadBranchPolicy(RESOURCES_DIR, 'SH-JA-01');
    expect(demo.duplicateWindowMinutes).toBe(20);
    expect(demo.effects).toEqual(DEFAULT_BRANCH_POLICY.effects);
  });

  it('overlays the branch file on the chain default, effect by effect', () => {
    const dir = resources({
      'default.json': JSON.stringify({ effects: { BIRTHDAY: 'warn', MEDICAL_ALERT: 'deny' } }),
      'branches/B1.json': JSON.stringify({ effects: { MEDICAL_ALERT: 'allow' } }),
    });
    const p = loadBranchPolicy(dir, 'B1');
    expect(p.effects.BIRTHDAY).toBe('warn');
    expect(p.effects.MEDICAL_ALERT).toBe('allow');
  });

  it('names the file and field of a bad policy', () => {
    const dir = resources({ 'default.json': JSON.stringify({ effects: { CARD_LOST: 'sometimes' } }) });
    expect(() => loadBranchPolicy(dir, 'B1')).toThrow(PolicyFileError);
    expect(() => loadBranchPolicy(dir, 'B1')).toThrow(/default\.json: effects\.CARD_LOST/);
    const broken = resources({ 'default.json': '{ not json' });
    expect(() => loadBranchPolicy(broken, 'B1')).toThrow(/not readable JSON/);
  });

  it('never reads outside the policy folder for a hostile branch code', () => {
    const dir = resources({ 'default.json': '{}' });
    writeFileSync(join(dir, 'evil.json'), JSON.stringify({ effects: { CARD_LOST: 'allow' } }));
    expect(loadBranchPolicy(dir, '../../evil').effects.CARD_LOST).toBe('deny');
  });
});
