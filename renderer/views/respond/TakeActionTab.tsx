import type { ReactNode } from 'react';
import { useState } from 'react';
import type { IncidentDetail } from '#shared/engine/api';
import type { SuppressionRule } from '#shared/respond/types';
import { errorText, useWorkspace } from '../../app/workspace';
import { Dialog } from '../../components/Dialog';
import { SuppressionRuleDialog } from '../rules/SuppressionRuleDialog';
import { TakeActionPanel } from './TakeActionPanel';
import './respond.css';

/** The incident page's "Take action" tab. */
export const TakeActionTab = ({ detail }: { detail: IncidentDetail }): ReactNode => (
  <div className="tab-body scroll" data-testid="incident-respond">
    <TakeActionPanel target={{ incidentId: detail.incident.id }} alerts={detail.alerts} layout="page" />
  </div>
);

/** The alert drawer's response buttons: the Take action panel for this alert, and a suppression rule from it. */
export const AlertActions = ({ alertId, incidentId }: { alertId: string; incidentId: string | undefined }): ReactNode => {
  const { engine, notify } = useWorkspace();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<SuppressionRule | undefined>(undefined);
  return (
    <section className="alert-actions" aria-label="Respond" data-testid="alert-actions">
      <button type="button" onClick={() => setOpen(true)} data-testid="alert-take-action">
        Take action…
      </button>
      <button type="button" onClick={() => void engine.call('suppression/suggest', { alertId }).then(setDraft, (e: unknown) => notify(errorText(e), 'error'))} data-testid="alert-suppress">
        Suppress similar alerts…
      </button>
      {open && (
        <Dialog title="Take action on this alert" onClose={() => setOpen(false)} testId="take-action-dialog" wide>
          <TakeActionPanel target={{ alertId, incidentId }} layout="dialog" />
        </Dialog>
      )}
      {draft && <SuppressionRuleDialog initial={draft} isNew onClose={() => setDraft(undefined)} />}
    </section>
  );
};
