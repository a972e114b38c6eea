// Respond: take action (mitigate, prevent, playbooks, tasks, suppression) on an incident or an alert.
export { TakeActionTab, AlertActions } from './TakeActionTab';
export { TakeActionPanel } from './TakeActionPanel';
export { TasksPanel } from './TasksPanel';
export { PlaybookRunner } from './PlaybookRunner';
export { OutputBlock, RunOutputs } from './RunOutput';
export type { RunResult } from './RunOutput';
