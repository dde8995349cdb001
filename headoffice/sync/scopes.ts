/** The change-log scope every branch pulls: branches and the roster (core/sync/replicated.ts). */
export const GLOBAL_SCOPE = 'global';

/** The change-log scope only the PCs of one branch pull (its visits). */
export const branchScope = (branchId: string): string => `branch:${branchId}`;
