// Timesketch timeline CSV: the required message, datetime and timestamp_desc columns (plus timestamp in
// microseconds and Caseline columns), one row per alert, with the same formula-safe CSV escaping.
import type { CaseReportModel } from './model';
import { toCsv } from './csv';
import { isValidMs, isoTime } from './time-text';

export const TIMELINE_HEADER = ['message', 'datetime', 'timestamp_desc', 'timestamp', 'alert_id', 'incident_id', 'severity', 'source', 'product', 'tactics', 'techniques', 'entities'] as const;

export const toTimelineCsv = (m: CaseReportModel): string =>
  toCsv(
    TIMELINE_HEADER,
    m.timeline.map((r) => {
      const ok = isValidMs(r.at);
      return [
        r.title,
        isoTime(r.at) ?? '',
        'Alert first activity',
        ok ? String(r.at * 1000) : '',
        r.alertId,
        m.incidentId,
        r.severity,
        r.source,
        r.product,
        r.tactics.map((t) => t.name).join('; '),
        r.techniques.join('; '),
        r.entities.join('; '),
      ];
    }),
  );
