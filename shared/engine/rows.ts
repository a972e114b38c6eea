// The queue's alert row, built from the in-memory index plus the analyst's triage and the alert's incident (the
// engine and the workspace bench build it the same way).
import type { AlertIndex } from '#shared/store/alert-index';
import type { AlertRow } from './api';

export type RowTriage = { assignedTo: string; classification: AlertRow['classification']; suppressedBy?: string };

export const alertRowAt = (index: AlertIndex, p: number, triage: RowTriage | undefined, incidentId: string | undefined): AlertRow => ({
  id: index.ids[p],
  title: index.titleOf(p),
  severity: index.severityOf(p),
  status: index.statusOf(p),
  source: index.sourceOf(p),
  product: index.productOf(p),
  firstActivity: index.first[p],
  lastActivity: index.last[p],
  tactics: index.tacticsOf(p),
  incidentId,
  entityCount: index.entityCount[p],
  assignedTo: triage?.assignedTo ?? '',
  classification: triage?.classification ?? 'unknown',
  suppressed: !!triage?.suppressedBy,
});
