import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { EngineInfo } from '#shared/engine/api';
import type { Prefs } from '../../app/prefs';
import { displayText, formatTime } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import { CorrelationSettingsSection } from '../correlation/index';

type Props = { prefs: Prefs; onPrefs: (p: Prefs) => void };

/** Who the analyst is (written into every activity-log entry), theme and time display. */
export const SettingsView = ({ prefs, onPrefs }: Props): ReactNode => {
  const { engine, analyst, setAnalyst, notify } = useWorkspace();
  const [name, setName] = useState(analyst);
  const [info, setInfo] = useState<EngineInfo | undefined>(undefined);
  useEffect(() => setName(analyst), [analyst]);
  useEffect(() => void engine.call('engine/info', undefined).then(setInfo, () => undefined), [engine]);
  return (
    <section className="settings" aria-label="Settings" data-testid="settings">
      <h1>Settings</h1>
      <form
        className="settings-block"
        onSubmit={(e) => {
          e.preventDefault();
          void engine.call('settings/setAnalyst', { name }).then(
            () => (setAnalyst(name.trim() || 'analyst'), notify('Analyst name saved. New activity-log entries use it.')),
            (err: unknown) => notify(errorText(err), 'error'),
          );
        }}
      >
        <h2>Analyst</h2>
        <p className="muted">Your name goes into the activity log with every change you make and every note you write.</p>
        <label>
          Analyst name <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="settings-analyst" />
        </label>
        <button type="submit" className="primary" data-testid="settings-analyst-save">Save</button>
      </form>
      <fieldset className="settings-block">
        <legend><h2>Theme</h2></legend>
        {(['system', 'light', 'dark'] as const).map((t) => (
          <label key={t} className="radio-row">
            <input type="radio" name="theme" checked={prefs.theme === t} onChange={() => onPrefs({ ...prefs, theme: t })} data-testid={`theme-${t}`} />
            {t === 'system' ? 'Follow the system' : t === 'light' ? 'Light' : 'Dark'}
          </label>
        ))}
      </fieldset>
      <fieldset className="settings-block">
        <legend><h2>Times</h2></legend>
        {(['utc', 'local'] as const).map((t) => (
          <label key={t} className="radio-row">
            <input type="radio" name="time" checked={prefs.time === t} onChange={() => onPrefs({ ...prefs, time: t })} data-testid={`time-${t}`} />
            {t === 'utc' ? 'UTC (the same for every analyst)' : 'This computer’s time zone'}
          </label>
        ))}
        <p className="muted">Now: {formatTime(Date.now())}</p>
      </fieldset>
      <CorrelationSettingsSection />
      {info && (
        <div className="settings-block muted small">
          Engine {displayText(info.version, 40)} · {displayText(info.attackSource, 200)}
        </div>
      )}
    </section>
  );
};
