// Export: reports and IOC files, case files (export, open, merge), and the top bar's Case menu.
export { CaseMenu } from './CaseMenu';
export { ReportDialog } from './ReportDialog';
export { CaseExportDialog, CaseOpenDialog } from './CaseFileDialogs';
