import type { ReactNode } from 'react';
import { useState } from 'react';
import type { PlaybookOutput } from '#shared/respond/types';
import { displayText, formatCount } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import { outputFile, outputSize, visibleScript } from './respond-model';
import './respond.css';

/** Outputs larger than this are shown cut (copy and download always carry the whole text). */
const SHOW_MAX = 200_000;

/**
 * One playbook output. Command scripts are built from alert data (attacker-influenced): they are shown as React
 * text in a <pre>, under a banner that says to review them, and can be copied or downloaded, never run from here.
 */
export const OutputBlock = ({ output, incidentId, playbookName, index }: { output: PlaybookOutput; incidentId: string; playbookName: string; index: number }): ReactNode => {
  const { platform, notify } = useWorkspace();
  const [copied, setCopied] = useState(false);
  const file = outputFile(output, incidentId, playbookName);
  const size = outputSize(output.text);
  const visible = visibleScript(output.text.length > SHOW_MAX ? output.text.slice(0, SHOW_MAX) : output.text);
  const shown = output.text.length > SHOW_MAX ? `${visible.text}\n… (cut here; copy or download for all ${formatCount(output.text.length)} characters)` : visible.text;
  const copy = (): void => {
    if (!navigator.clipboard) {
      notify('The clipboard is not available here; download the file instead.', 'error');
      return;
    }
    void navigator.clipboard.writeText(output.text).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 2500);
      },
      (e: unknown) => notify(`Could not copy: ${errorText(e)}`, 'error'),
    );
  };
  const download = (): void =>
    void platform.saveFile(file.name, new Blob([output.text], { type: file.mime })).then(
      (saved) => saved && notify(`Saved ${saved}.`),
      (e: unknown) => notify(errorText(e), 'error'),
    );
  return (
    <section className={`run-output run-output-${output.kind}`} data-testid={`run-output-${index}`} data-kind={output.kind} aria-label={displayText(output.title, 120)}>
      <div className="run-output-head">
        <h4>{displayText(output.title, 200)}</h4>
        <span className="muted small">
          {formatCount(size.lines)} lines
        </span>
        <span className="spacer" />
        <button type="button" onClick={copy} data-testid="run-output-copy">{copied ? 'Copied' : 'Copy'}</button>
        <button type="button" onClick={download} data-testid="run-output-download">Download {file.label}</button>
      </div>
      {output.kind === 'commands' && (
        <div className="review-banner" role="note" data-testid="review-banner">
          <strong>Review before running.</strong> These commands were generated from alert data, which an attacker can influence. Read every line, check each target is yours and
          should be contained, and run them yourself from a trusted console. Caseline never runs them.
        </div>
      )}
      {visible.changed && (
        <p className="invisible-note" data-testid="invisible-note">
          This text holds invisible or direction-changing characters. They are shown here as {'\\u{…}'}; the copy and the download contain them as they are.
        </p>
      )}
      <pre className="run-output-text" tabIndex={0} aria-label={`${displayText(output.title, 120)} text`} data-testid="run-output-text">
        {shown}
      </pre>
    </section>
  );
};

export type RunResult = { playbookId: string; playbookName: string; incidentId: string; at: number; outputs: PlaybookOutput[]; tasks: number };

/** Everything one run produced: a line about the tasks, then each output. */
export const RunOutputs = ({ run }: { run: RunResult }): ReactNode => (
  <div className="run-outputs" data-testid="run-outputs">
    <p className="muted">
      {run.outputs.length === 0 ? 'This playbook produced no commands or files. ' : ''}
      {run.tasks > 0 ? `${formatCount(run.tasks)} task${run.tasks === 1 ? '' : 's'} added to the incident. ` : ''}
      The run and its outputs are in the incident’s activity log.
    </p>
    {run.outputs.map((o, i) => (
      <OutputBlock key={i} output={o} incidentId={run.incidentId} playbookName={run.playbookName} index={i} />
    ))}
  </div>
);
