export * from './enums';
export * from './entity';
export * from './ids';
export * from './alert';
export * from './incident';
export * from './attack';
