import type { ReactNode } from 'react';
import type { ImportProgress, ImportSummary } from '#shared/engine/api';
import { displayText, formatCount } from '../../app/format';

const pct = (p: ImportProgress): number => (p.bytesTotal > 0 ? Math.min(100, Math.round((100 * p.bytesRead) / p.bytesTotal)) : 0);

export const ImportProgressBar = ({ progress, onCancel }: { progress: ImportProgress | undefined; onCancel: () => void }): ReactNode => (
  <div className="import-progress" role="status" data-testid="import-progress">
    <span>Importing {progress ? displayText(progress.file, 80) : '…'}</span>
    {progress && (
      <>
        <progress max={100} value={pct(progress)} aria-label="Import progress" />
        <span>
          {formatCount(progress.records)} records · {formatCount(progress.recordsPerSec)}/s
          {progress.etaMs !== undefined && progress.etaMs > 0 ? ` · ${Math.ceil(progress.etaMs / 1000)} s left` : ''}
        </span>
      </>
    )}
    <button type="button" onClick={onCancel} data-testid="import-cancel">Cancel</button>
  </div>
);

/** The import summary: per file, the detected format, counts, and every rejected record with its reason. */
export const ImportSummaryView = ({ summary, onClose, onDownload }: { summary: ImportSummary; onClose: () => void; onDownload: () => void }): ReactNode => (
  <section className="import-summary" aria-label="Import summary" data-testid="import-summary">
    <div className="drawer-head">
      <h2>Import {summary.state === 'done' ? 'finished' : summary.state}</h2>
      <div>
        <button type="button" onClick={onDownload}>Download summary</button>
        <button type="button" onClick={onClose} aria-label="Close import summary">✕</button>
      </div>
    </div>
    <table className="mini">
      <thead>
        <tr><th>File</th><th>Format</th><th>Records</th><th>Accepted</th><th>Duplicates</th><th>Rejected</th></tr>
      </thead>
      <tbody>
        {summary.files.map((f, i) => (
          <tr key={i} data-testid="import-file-row">
            <td>{displayText(f.file, 120)}</td>
            <td>{f.format} <span className="muted">({Math.round(f.confidence * 100)}%)</span></td>
            <td>{formatCount(f.records)}</td>
            <td data-testid="accepted">{formatCount(f.accepted)}</td>
            <td data-testid="duplicates">{formatCount(f.duplicates)}</td>
            <td data-testid="rejected">{formatCount(f.rejected.filter((r) => r.record > 0).length)}{f.error ? ` · ${displayText(f.error, 300)}` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
    {summary.incidentsTouched > 0 && <p>{formatCount(summary.incidentsTouched)} incidents created or updated.</p>}
    {summary.files.some((f) => f.rejected.length > 0) && (
      <details>
        <summary>Rejected records</summary>
        <table className="mini">
          <thead><tr><th>File</th><th>Record</th><th>Field</th><th>Reason</th></tr></thead>
          <tbody>
            {summary.files.flatMap((f) => f.rejected.slice(0, 200)).map((r, i) => (
              <tr key={i}><td>{displayText(r.file, 80)}</td><td>{r.record}</td><td>{displayText(r.field, 80)}</td><td>{displayText(r.reason, 300)}</td></tr>
            ))}
          </tbody>
        </table>
      </details>
    )}
  </section>
);
