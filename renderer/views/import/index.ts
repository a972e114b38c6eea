export { ImportProgressBar, ImportSummaryView } from './ImportPanel';
