import type { ReactNode } from 'react';
import type { CorrelationReason } from '#shared/model/index';
import { displayText, formatDuration } from '../../app/format';

const KIND: Readonly<Record<CorrelationReason['kind'], string>> = {
  sameTargetedAsset: 'Same asset',
  similarArtifacts: 'Similar artifacts',
  sharedIndicators: 'Shared indicator',
  timeFrame: 'Time frame',
  eventSequence: 'Attack sequence',
  repeatedAlertOccurrence: 'Repeated alert',
  sameNetworkSegment: 'Same network segment',
  similarTTPsOrBehavior: 'Similar TTPs',
};

/** Why the alert is in its incident (CorrelationReason texts, built once by the engine). */
export const AlertReasons = ({ reasons }: { reasons: CorrelationReason[] | undefined }): ReactNode => (
  <section data-testid="alert-detail-reasons">
    <h3>Why it is in this incident</h3>
    {reasons === undefined ? (
      <p className="muted">Loading…</p>
    ) : reasons.length === 0 ? (
      <p className="muted">It started the incident (no earlier alert links to it).</p>
    ) : (
      <ul className="plain">
        {reasons.map((r, i) => (
          <li key={i}>
            <span className="reason-kind">{KIND[r.kind]}</span> {displayText(r.text, 400)}
            {r.gapMs !== undefined && <span className="muted"> · {formatDuration(r.gapMs)} apart</span>}
          </li>
        ))}
      </ul>
    )}
  </section>
);
