export { ImportProgressBar, ImportSummaryView } from './ImportPanel';
export { ImportDialog } from './ImportDialog';
export type { ImportChoice } from './ImportDialog';
