export { IncidentPage } from './IncidentPage';
export { MergeDialog } from './MergeDialog';
export { ActivityLog } from './ActivityTab';
