export * from './api';
export * from './feed';
export * from './schemas';
