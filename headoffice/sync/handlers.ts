/** The mutation handlers live in ./handlers/ (one file per area); this keeps the old import path. */
export * from './handlers/index';
