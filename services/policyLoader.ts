import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { branchPolicyFileSchema, resolveBranchPolicy, type BranchPolicy } from '../core/checkin/policy';

export class PolicyFileError extends Error {
  constructor(file: string, detail: string) {
    super(`check-in policy ${file}: ${detail}`);
    this.name = 'PolicyFileError';
  }
}

function readPolicyFile(file: string): z.infer<typeof branchPolicyFileSchema> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PolicyFileError(file, `not readable JSON (${(error as Error).message})`);
  }
  const parsed = branchPolicyFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new PolicyFileError(file, parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

/** The branch's policy: resources/policy/default.json overlaid by branches/<code>.json. */
export function loadBranchPolicy(resourcesDir: string, branchCode: string): BranchPolicy {
  const dir = join(resourcesDir, 'policy');
  const defaults = existsSync(join(dir, 'default.json')) ? readPolicyFile(join(dir, 'default.json')) : {};
  const safeCode = /^[A-Za-z0-9_-]{1,32}$/.test(branchCode) ? branchCode : null;
  const branchFile = safeCode ? join(dir, 'branches', `${safeCode}.json`) : null;
  const branch = branchFile && existsSync(branchFile) ? readPolicyFile(branchFile) : {};
  return resolveBranchPolicy({
    ...defaults,
    ...branch,
    effects: { ...defaults.effects, ...branch.effects },
  });
}
