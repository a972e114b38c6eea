export { AlertQueue } from './AlertQueue';
export { IncidentQueue } from './IncidentQueue';
export { parseFilter, formatFilter, emptyFilter } from './filter-model';
export type { QueueFilter, QueueKind } from './filter-model';
