import type { ReactNode } from 'react';
import { useId, useState } from 'react';
import { displayText } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import { Dialog } from '../../components/Dialog';
import type { ExportChoice } from './export-model';
import { EXPORT_FORMATS, formatInfo, pdfName } from './export-model';
import './export.css';
import { graphPngOf } from '../graph/index';

/**
 * Export a report or IOC file for one incident or every open incident. The engine builds the text (escaped,
 * script-free HTML; formula-safe CSV); this dialog only saves it. PDF is the HTML printed by the desktop app.
 */
export const ReportDialog = ({ incidentId, onClose }: { incidentId?: string | undefined; onClose: () => void }): ReactNode => {
  const { engine, platform, notify } = useWorkspace();
  const [scope, setScope] = useState<'incident' | 'all'>(incidentId ? 'incident' : 'all');
  const [format, setFormat] = useState<ExportChoice>('html');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const id = useId();
  const canPdf = typeof platform.printToPdf === 'function';
  const target = scope === 'incident' && incidentId ? incidentId : 'all';

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      // The attack-story graph as drawn in this session goes into HTML and PDF reports of one incident.
      const graphPng = target !== 'all' && (format === 'html' || format === 'pdf') ? await graphPngOf(target) : undefined;
      const file = await engine.call('report/build', { incidentId: target, format: format === 'pdf' ? 'html' : format, ...(graphPng ? { graphPng } : {}) });
      let saved: string | null;
      if (format === 'pdf') {
        if (!platform.printToPdf) throw new Error('PDF is made by the desktop app.');
        saved = await platform.saveFile(pdfName(file.name), await platform.printToPdf(file.text));
      } else {
        saved = await platform.saveFile(file.name, new Blob([file.text], { type: `${file.mime};charset=utf-8` }));
      }
      if (saved) {
        notify(`Saved ${saved}.`);
        onClose();
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const info = formatInfo(format);
  return (
    <Dialog title="Export report" onClose={onClose} testId="report-dialog" wide>
      <form
        className="export-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <fieldset className="plain-fieldset export-scope">
          <legend className="strong">What to export</legend>
          <label className="radio-row">
            <input type="radio" name={`${id}-scope`} checked={scope === 'incident'} disabled={!incidentId} onChange={() => setScope('incident')} data-testid="report-scope-incident" />
            {incidentId ? (
              <span>
                This incident <span className="mono">{displayText(incidentId, 60)}</span>
              </span>
            ) : (
              <span className="muted">One incident (open an incident first)</span>
            )}
          </label>
          <label className="radio-row">
            <input type="radio" name={`${id}-scope`} checked={scope === 'all'} onChange={() => setScope('all')} data-testid="report-scope-all" />
            Every open incident in the case
          </label>
        </fieldset>
        <div className="export-formats">
          {(['report', 'iocs'] as const).map((group) => (
            <fieldset key={group} className="plain-fieldset">
              <legend className="strong">{group === 'report' ? 'Case report' : 'Indicators and intelligence'}</legend>
              {EXPORT_FORMATS.filter((f) => f.group === group).map((f) => {
                const disabled = f.key === 'pdf' && !canPdf;
                return (
                  <label key={f.key} className={`format-choice${format === f.key ? ' on' : ''}${disabled ? ' disabled' : ''}`}>
                    <input type="radio" name={`${id}-format`} value={f.key} checked={format === f.key} disabled={disabled} onChange={() => setFormat(f.key)} data-testid={`report-format-${f.key}`} />
                    <span>
                      <span className="strong">{f.label}</span>
                      <span className="muted small format-hint">{f.hint}</span>
                      {disabled && (
                        <span className="small format-hint" data-testid="pdf-note">
                          Made by the desktop app (File → Export report…), or from a case file on the command line: <code>caseline report case.caseline --all --format pdf -o report.pdf</code>. Here, save the HTML report and print it from
                          your browser if you need paper.
                        </span>
                      )}
                    </span>
                  </label>
                );
              })}
            </fieldset>
          ))}
        </div>
        <p className="muted small">
          Alert content is treated as hostile in every format: the HTML has no scripts and allows no outside requests, CSV cells that a spreadsheet would run as formulas are made plain text, and Markdown cannot create links or
          HTML.
        </p>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || (format === 'pdf' && !canPdf)} data-testid="report-export">
            {busy ? 'Exporting…' : `Export ${info.label}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
};
