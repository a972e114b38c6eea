import type { ReactNode } from 'react';
import { useCallback, useState } from 'react';
import type { IncidentDetail } from '#shared/engine/api';
import { useWorkspace } from '../../app/workspace';
import { AttackGraph } from '../graph/index';
import { Timeline } from '../timeline/index';
import type { Domain } from '../timeline/index';

/** Graph and timeline side by side: the timeline's range filters the graph; a selection in one shows in the other. */
export const StoryTab = ({ detail, themeKey }: { detail: IncidentDetail; themeKey: string }): ReactNode => {
  const { openEntity, openAlert } = useWorkspace();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [range, setRange] = useState<Domain | undefined>(undefined);
  const select = useCallback((ids: string[]) => setSelected(new Set(ids)), []);
  return (
    <div className="tab-body story" data-testid="attack-story">
      <AttackGraph
        detail={detail}
        timeRange={range}
        onClearTimeRange={() => setRange(undefined)}
        selectedAlerts={selected}
        onSelectAlerts={select}
        onOpenEntity={openEntity}
        onOpenAlert={openAlert}
        themeKey={themeKey}
      />
      <Timeline alerts={detail.alerts} selectedAlerts={selected} range={range} onRange={setRange} onOpenAlert={openAlert} onSelectAlerts={select} />
    </div>
  );
};
