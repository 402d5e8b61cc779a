export * from './api';
export * from './feed';
export * from './schemas';
export * from './product-schemas';
export * from './wall-schemas';
export * from './roster-schemas';
export * from './plan-schemas';
export * from './permissions';
