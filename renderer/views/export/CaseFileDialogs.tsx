import type { ReactNode } from 'react';
import { useEffect, useId, useState } from 'react';
import type { CaseStats } from '#shared/engine/api';
import { displayText, formatCount } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import { Dialog } from '../../components/Dialog';
import type { OpenOutcome } from './export-model';
import { MAX_CASE_BYTES, MIN_PASSPHRASE, openOutcome, passphraseProblem, readSourceBytes } from './export-model';
import './export.css';

/** Export the whole case as one portable `.caseline` file, optionally encrypted with a passphrase. */
export const CaseExportDialog = ({ onClose }: { onClose: () => void }): ReactNode => {
  const { engine, platform, notify } = useWorkspace();
  const [encrypt, setEncrypt] = useState(false);
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const id = useId();
  const problem = passphraseProblem(encrypt, a, b);

  const run = async (): Promise<void> => {
    setTried(true);
    if (problem) return;
    setBusy(true);
    setError(undefined);
    try {
      const file = await engine.call('case/export', encrypt ? { passphrase: a } : {});
      const saved = await platform.saveFile(file.name, new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
      if (saved) {
        notify(`Case saved as ${saved}${encrypt ? ' (encrypted)' : ''}.`);
        onClose();
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Export case file" onClose={onClose} testId="case-export-dialog">
      <form
        className="export-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <p>One file with everything in this case: alerts with their original records, incidents, triage, comments, the activity log, tasks, checklists, rules and your playbooks. A colleague can open it, or merge it into theirs.</p>
        <label className="check">
          <input type="checkbox" checked={encrypt} onChange={(e) => setEncrypt(e.target.checked)} data-testid="case-export-encrypt" /> Encrypt with a passphrase
        </label>
        {encrypt && (
          <div className="passphrase-fields">
            <label className="form-field">
              <span>Passphrase</span>
              <input type="password" autoComplete="new-password" value={a} onChange={(e) => setA(e.target.value)} aria-describedby={`${id}-hint`} data-testid="case-export-passphrase" />
            </label>
            <label className="form-field">
              <span>Passphrase again</span>
              <input type="password" autoComplete="new-password" value={b} onChange={(e) => setB(e.target.value)} aria-invalid={tried && !!problem} data-testid="case-export-passphrase2" />
            </label>
            <p className="muted small" id={`${id}-hint`}>
              At least {MIN_PASSPHRASE} characters. Nobody can open the file without it, and it cannot be recovered: share it with your colleague another way than the file.
            </p>
          </div>
        )}
        {tried && problem && (
          <p className="error-text" role="alert">
            {problem}
          </p>
        )}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="case-export-save">
            {busy ? 'Exporting…' : 'Export case file'}
          </button>
        </div>
      </form>
    </Dialog>
  );
};

type Chosen = { name: string; bytes: Uint8Array };

const statsLine = (s: CaseStats | undefined): string => (s ? `${formatCount(s.alerts)} alerts, ${formatCount(s.incidents)} incidents` : '…');

/**
 * Open a `.caseline` file: merge it into this case (the default: nothing is lost on either side) or replace this
 * case with it (asked twice). A damaged, tampered or wrongly-encrypted file changes nothing, and the dialog says so.
 */
export const CaseOpenDialog = ({ onClose }: { onClose: () => void }): ReactNode => {
  const { engine, platform, navigate } = useWorkspace();
  const [file, setFile] = useState<Chosen | undefined>(undefined);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [confirmReplace, setConfirmReplace] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [needPass, setNeedPass] = useState<string | undefined>(undefined);
  const [outcome, setOutcome] = useState<OpenOutcome | undefined>(undefined);
  const [before, setBefore] = useState<CaseStats | undefined>(undefined);
  const [after, setAfter] = useState<CaseStats | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const id = useId();
  useEffect(() => void engine.call('case/stats', undefined).then(setBefore, () => undefined), [engine]);
  const caseEmpty = before !== undefined && before.alerts === 0 && before.incidents === 0;

  const choose = async (): Promise<void> => {
    setError(undefined);
    setOutcome(undefined);
    try {
      const [src] = await platform.pickCaseFile();
      if (!src) return;
      const bytes = await readSourceBytes(src, MAX_CASE_BYTES);
      setFile({ name: src.name, bytes });
      setNeedPass(undefined);
      setPassphrase('');
    } catch (e) {
      setError(errorText(e));
    }
  };

  const open = async (): Promise<void> => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      // The engine gets a copy: a transfer would detach our bytes, and a wrong passphrase needs them again.
      const r = await engine.call('case/open', { bytes: file.bytes.slice(), mode, ...(passphrase ? { passphrase } : {}) });
      const o = openOutcome(r);
      if (o.step === 'passphrase') {
        setNeedPass(o.message);
        setOutcome(undefined);
      } else {
        setOutcome(o);
        setNeedPass(undefined);
        if (o.step === 'done') {
          setAfter(await engine.call('case/stats', undefined));
          setPassphrase('');
        }
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const done = outcome?.step === 'done' ? outcome : undefined;
  const failed = outcome?.step === 'failed' ? outcome : undefined;
  const replaceBlocked = mode === 'replace' && !caseEmpty && !confirmReplace;

  return (
    <Dialog title={done ? (done.mode === 'merge' ? 'Case file merged' : 'Case file opened') : 'Open case file'} onClose={onClose} testId="case-open-dialog" wide>
      {done ? (
        <div className="export-form" data-testid="case-open-result">
          <ul className="result-lines">
            {done.lines.map((l, i) => (
              <li key={i}>{displayText(l, 1000)}</li>
            ))}
          </ul>
          <p data-testid="case-open-counts">
            Before: {statsLine(before)}. Now: {statsLine(after)}.
          </p>
          <div className="dialog-actions">
            <button
              type="button"
              className="primary"
              onClick={() => {
                navigate({ view: 'incidents' });
                onClose();
              }}
              data-testid="case-open-close"
            >
              Open the incident queue
            </button>
          </div>
        </div>
      ) : (
        <form
          className="export-form"
          onSubmit={(e) => {
            e.preventDefault();
            void open();
          }}
        >
          <div className="row-gap">
            <button type="button" onClick={() => void choose()} data-testid="case-open-choose">
              {file ? 'Choose another file…' : 'Choose a .caseline file…'}
            </button>
            {file && (
              <span data-testid="case-open-file">
                <span className="mono">{displayText(file.name, 120)}</span> <span className="muted">({formatCount(file.bytes.byteLength)} bytes)</span>
              </span>
            )}
          </div>
          <fieldset className="plain-fieldset">
            <legend className="strong">How to open it</legend>
            <label className="radio-row">
              <input type="radio" name={`${id}-mode`} checked={mode === 'merge'} onChange={() => setMode('merge')} data-testid="case-open-merge" />
              <span>
                <span className="strong">Merge into this case</span> — keep everything here and add everything from the file: alerts, incidents, comments, tasks, rules and the activity log of both investigators.
              </span>
            </label>
            <label className="radio-row">
              <input type="radio" name={`${id}-mode`} checked={mode === 'replace'} onChange={() => setMode('replace')} data-testid="case-open-replace" />
              <span>
                <span className="strong">Replace this case</span> — the case here ({statsLine(before)}) is removed and the file’s case takes its place.
              </span>
            </label>
            {mode === 'replace' && !caseEmpty && (
              <label className="check replace-confirm">
                <input type="checkbox" checked={confirmReplace} onChange={(e) => setConfirmReplace(e.target.checked)} data-testid="case-open-confirm-replace" /> I understand this case ({statsLine(before)}) will be removed. Export it first if you
                may need it.
              </label>
            )}
          </fieldset>
          {needPass && (
            <label className="form-field" data-testid="case-open-passphrase-field">
              <span role="status">{needPass}</span>
              <input type="password" autoComplete="current-password" value={passphrase} autoFocus onChange={(e) => setPassphrase(e.target.value)} data-testid="case-open-passphrase" />
            </label>
          )}
          {failed && (
            <div className="open-failed" role="alert" data-testid="case-open-error">
              <p>
                <strong>The case file could not be opened</strong> <span className="mono">({displayText(failed.code, 40)})</span>: {displayText(failed.message, 600)}
              </p>
              <p>Nothing was changed: this case is exactly as it was.</p>
            </div>
          )}
          {error && (
            <p className="error-text" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={!file || busy || replaceBlocked || (needPass !== undefined && !passphrase)} data-testid="case-open-go">
              {busy ? 'Opening…' : mode === 'merge' ? 'Merge into this case' : 'Replace this case'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
};
