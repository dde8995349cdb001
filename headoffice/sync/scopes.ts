/** The change-log scope every branch pulls: branches and the roster (core/sync/replicated.ts). */
export const GLOBAL_SCOPE = 'global';

/** The change-log scope only the PCs of one branch pull (its visits). */
export const branchScope = (branchId: string): string => `branch:${branchId}`;

/**
 * A device's scopes: the chain's `global` and its own branch's — what it may read, and the only
 * logs its pushes may write to.
 */
export function deviceScopes(device: { branchId: string }): string[] {
  return [GLOBAL_SCOPE, branchScope(device.branchId)];
}
