export * from './bridge';
export * from './channels';
export * from './dispatch';
export * from './dto';
export * from './errors';
export * from './events';
export * from './methods';
