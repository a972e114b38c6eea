import type { ReactNode } from 'react';
import { useCallback, useEffect, useState } from 'react';
import type { AutomationRule, Playbook, SuppressionRule } from '#shared/respond/types';
import type { AlertStatus } from '#shared/model/index';
import { ALERT_STATUS_LABEL, displayText, formatCount, formatTime, plural } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import { Tabs } from '../../components/Tabs';
import { AutomationRuleDialog } from './AutomationRuleDialog';
import { PlaybookDialog } from './PlaybookDialog';
import { SuppressionRuleDialog } from './SuppressionRuleDialog';
import type { RuleKind } from './rules-model';
import {
  RULE_KINDS,
  RULE_KIND_LABEL,
  RULE_STATE_LABEL,
  TRIGGER_LABEL,
  byOrder,
  copyOfPlaybook,
  describeAction,
  describeAutomationConditions,
  describeStep,
  describeSuppression,
  emptyAutomationRule,
  emptyPlaybook,
  moveRule,
  nextOrder,
  ruleKindOf,
  ruleState,
} from './rules-model';
import './rules.css';

/** A delete button that asks once, in place. */
const DeleteButton = ({ what, onDelete }: { what: string; onDelete: () => void }): ReactNode => {
  const [asking, setAsking] = useState(false);
  return asking ? (
    <span className="row-gap confirm-inline" role="group" aria-label={`Delete ${what}?`}>
      <span className="small">Delete?</span>
      <button type="button" className="danger" onClick={() => (setAsking(false), onDelete())} data-testid="confirm-delete" autoFocus>
        Delete
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  ) : (
    <button type="button" onClick={() => setAsking(true)} aria-label={`Delete ${what}`} data-testid="rule-delete">
      Delete
    </button>
  );
};

/** The list a rules view shows, reloaded on demand and whenever the case changes. */
const useList = <T,>(load: () => Promise<T[]>): [T[] | undefined, (l: T[]) => void, string | undefined, () => void] => {
  const { version } = useWorkspace();
  const [list, setList] = useState<T[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const reload = useCallback(() => {
    void load().then(
      (l) => (setList(l), setError(undefined)),
      (e: unknown) => setError(errorText(e)),
    );
  }, [load]);
  useEffect(reload, [reload, version]);
  return [list, setList, error, reload];
};

type Sample = { id: string; title: string; status: AlertStatus };

const HitsReview = ({ rule }: { rule: SuppressionRule }): ReactNode => {
  const { engine, openAlert } = useWorkspace();
  const [preview, setPreview] = useState<{ count: number; samples: Sample[] } | string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void engine.call('suppression/preview', { rule }).then(
      async (p) => {
        const alerts = await Promise.all(p.sampleIds.map((id) => engine.call('alerts/get', { id }).catch(() => undefined)));
        const samples = alerts.filter((a) => !!a).map((a) => ({ id: a.id, title: a.title, status: a.status }));
        if (live) setPreview({ count: p.count, samples });
      },
      (e: unknown) => live && setPreview(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [engine, rule]);
  return (
    <div className="hits-review" data-testid="hits-review">
      <p>
        <strong>{formatCount(rule.hits)}</strong> {rule.hits === 1 ? 'alert has' : 'alerts have'} been dismissed by this rule.{' '}
        {preview === undefined ? 'Counting the alerts in the case it matches…' : typeof preview === 'string' ? <span className="error-text">{preview}</span> : `${plural(preview.count, 'alert')} in the case match its conditions now.`}
      </p>
      {typeof preview === 'object' && preview.samples.length > 0 && (
        <>
          <p className="muted small">{preview.count > preview.samples.length ? `The first ${preview.samples.length}:` : 'They are:'}</p>
          <ul className="plain hit-list">
            {preview.samples.map((a) => (
              <li key={a.id}>
                <button type="button" className="linkish" onClick={() => openAlert(a.id)} data-testid="hit-alert">
                  {displayText(a.title, 160)}
                </button>{' '}
                <span className="mono muted small">{a.id}</span> <span className="small">· {ALERT_STATUS_LABEL[a.status]}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
};

const SuppressionView = (): ReactNode => {
  const { engine, analyst, notify, navigate } = useWorkspace();
  const load = useCallback(() => engine.call('suppression/list', undefined), [engine]);
  const [rules, setRules, error, reload] = useList<SuppressionRule>(load);
  const [editing, setEditing] = useState<{ rule: SuppressionRule; isNew: boolean } | undefined>(undefined);
  const [review, setReview] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const now = Date.now();

  const save = (r: SuppressionRule): void => {
    setRules((rules ?? []).map((x) => (x.id === r.id ? r : x)));
    void engine.call('suppression/save', { rule: r }).then(setRules, (e: unknown) => (notify(errorText(e), 'error'), reload()));
  };
  const apply = (r: SuppressionRule): void => {
    setBusy(r.id);
    void engine
      .call('suppression/apply', { id: r.id })
      .then(
        async (res) => {
          notify(`${plural(res.suppressed, 'alert')} dismissed by “${r.name}”.`);
          setRules(await engine.call('suppression/list', undefined));
        },
        (e: unknown) => notify(errorText(e), 'error'),
      )
      .finally(() => setBusy(undefined));
  };
  const blank = (): SuppressionRule => ({ id: '', name: '', enabled: true, conditions: {}, scope: 'all', reason: '', createdAt: Date.now(), createdBy: analyst, hits: 0 });

  return (
    <div className="rules-view" data-testid="suppression-rules">
      <div className="rules-intro">
        <p className="muted">
          Suppression rules dismiss alerts you expect (scanners, tests, known tools). Every rule is checked on each import; “Dismiss matching” applies it to alerts already in the case. Each dismissed alert records the rule that
          dismissed it.
        </p>
        <button type="button" className="primary" onClick={() => setEditing({ rule: blank(), isNew: true })} data-testid="suppression-new">
          New rule…
        </button>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      {rules === undefined && !error && <p className="muted">Loading rules…</p>}
      {rules?.length === 0 && (
        <div className="empty-inline" data-testid="suppression-empty">
          <p>
            <strong>No suppression rules yet.</strong> Open an alert and choose “Suppress similar alerts…” to start from it, or create a rule here.
          </p>
          <button type="button" onClick={() => navigate({ view: 'alerts' })}>
            Open the alert queue
          </button>
        </div>
      )}
      {rules && rules.length > 0 && (
        <table className="mini rules-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Conditions</th>
              <th>Scope</th>
              <th>Expires</th>
              <th className="num">Hits</th>
              <th>State</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => {
              const state = ruleState(r, now);
              return [
                <tr key={r.id} className={`rule-row rule-${state}`} data-testid="suppression-rule" data-rule-id={r.id}>
                  <td>
                    <span className="strong">{displayText(r.name, 60)}</span>
                    {r.reason && <div className="muted small">{displayText(r.reason, 200)}</div>}
                    <div className="muted small">
                      by {displayText(r.createdBy || 'unknown', 60)}, {formatTime(r.createdAt)}
                    </div>
                  </td>
                  <td className="cond">{displayText(describeSuppression(r), 400)}</td>
                  <td>{r.scope === 'all' ? 'All sources' : displayText(r.scope, 40)}</td>
                  <td className="nowrap">{r.expiresAt ? formatTime(r.expiresAt).slice(0, 10) : 'Never'}</td>
                  <td className="num" data-testid="suppression-hits">
                    {formatCount(r.hits)}
                  </td>
                  <td>
                    <label className="check">
                      <input type="checkbox" checked={r.enabled} onChange={(e) => save({ ...r, enabled: e.target.checked })} aria-label={`Enabled: ${displayText(r.name, 60)}`} data-testid="suppression-toggle" />
                      <span className={`state state-${state}`}>{RULE_STATE_LABEL[state]}</span>
                    </label>
                  </td>
                  <td className="actions">
                    <button type="button" aria-expanded={review === r.id} onClick={() => setReview(review === r.id ? undefined : r.id)} data-testid="suppression-review">
                      Review hits
                    </button>
                    <button type="button" disabled={state !== 'enabled' || busy === r.id} onClick={() => apply(r)} data-testid="suppression-apply">
                      {busy === r.id ? 'Dismissing…' : 'Dismiss matching'}
                    </button>
                    <button type="button" onClick={() => setEditing({ rule: r, isNew: false })} data-testid="suppression-edit">
                      Edit
                    </button>
                    <DeleteButton what={`rule ${displayText(r.name, 60)}`} onDelete={() => void engine.call('suppression/delete', { id: r.id }).then(setRules, (e: unknown) => notify(errorText(e), 'error'))} />
                  </td>
                </tr>,
                review === r.id ? (
                  <tr key={`${r.id}-review`} className="review-row">
                    <td colSpan={7}>
                      <HitsReview rule={r} />
                    </td>
                  </tr>
                ) : null,
              ];
            })}
          </tbody>
        </table>
      )}
      {editing && <SuppressionRuleDialog initial={editing.rule} isNew={editing.isNew} onClose={() => setEditing(undefined)} onSaved={setRules} />}
    </div>
  );
};

const AutomationView = (): ReactNode => {
  const { engine, notify } = useWorkspace();
  const load = useCallback(() => engine.call('automation/list', undefined), [engine]);
  const [rules, setRules, error, reload] = useList<AutomationRule>(load);
  const loadPb = useCallback(() => engine.call('playbooks/list', undefined), [engine]);
  const [playbooks] = useList<Playbook>(loadPb);
  const [editing, setEditing] = useState<AutomationRule | undefined>(undefined);
  const now = Date.now();
  const save = async (list: AutomationRule[]): Promise<void> => {
    setRules((rules ?? []).map((x) => list.find((r) => r.id === x.id) ?? x));
    try {
      let latest: AutomationRule[] | undefined;
      for (const r of list) latest = await engine.call('automation/save', { rule: r });
      if (latest) setRules(latest);
    } catch (e) {
      notify(errorText(e), 'error');
      reload();
    }
  };
  const sorted = rules ? byOrder(rules) : undefined;

  return (
    <div className="rules-view" data-testid="automation-rules">
      <div className="rules-intro">
        <p className="muted">
          Automation rules act on incidents when an import creates or updates them, in order (lower first): assign, tag, change severity or status, or run a playbook. Each firing is written to the incident’s activity log.
        </p>
        <button type="button" className="primary" onClick={() => setEditing(emptyAutomationRule(nextOrder(rules ?? [])))} data-testid="automation-new">
          New rule…
        </button>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      {rules === undefined && !error && <p className="muted">Loading rules…</p>}
      {sorted?.length === 0 && (
        <div className="empty-inline" data-testid="automation-empty">
          <p>
            <strong>No automation rules yet.</strong> Create one to triage new incidents as they are imported, for example “assign high-severity incidents from Defender to tier 2 and tag them”.
          </p>
        </div>
      )}
      {sorted && sorted.length > 0 && (
        <table className="mini rules-table">
          <thead>
            <tr>
              <th className="num">Order</th>
              <th>Name</th>
              <th>Trigger</th>
              <th>Conditions</th>
              <th>Actions</th>
              <th>State</th>
              <th>
                <span className="sr-only">Change</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r, i) => {
              const state = ruleState(r, now);
              return (
                <tr key={r.id} className={`rule-row rule-${state}`} data-testid="automation-rule" data-rule-id={r.id}>
                  <td className="num">{r.order}</td>
                  <td className="strong">{displayText(r.name, 80)}</td>
                  <td>{TRIGGER_LABEL[r.trigger]}</td>
                  <td className="cond">{displayText(describeAutomationConditions(r), 400)}</td>
                  <td className="cond">
                    <ol className="compact">
                      {r.actions.map((a, k) => (
                        <li key={k}>{displayText(describeAction(a, playbooks ?? []), 200)}</li>
                      ))}
                    </ol>
                  </td>
                  <td>
                    <label className="check">
                      <input type="checkbox" checked={r.enabled} onChange={(e) => void save([{ ...r, enabled: e.target.checked }])} aria-label={`Enabled: ${displayText(r.name, 60)}`} data-testid="automation-toggle" />
                      <span className={`state state-${state}`}>{RULE_STATE_LABEL[state]}</span>
                    </label>
                  </td>
                  <td className="actions">
                    <button type="button" className="icon-button" aria-label={`Run ${displayText(r.name, 60)} earlier`} disabled={i === 0} onClick={() => void save(moveRule(sorted, r.id, -1))}>
                      ↑
                    </button>
                    <button type="button" className="icon-button" aria-label={`Run ${displayText(r.name, 60)} later`} disabled={i === sorted.length - 1} onClick={() => void save(moveRule(sorted, r.id, 1))}>
                      ↓
                    </button>
                    <button type="button" onClick={() => setEditing(r)} data-testid="automation-edit">
                      Edit
                    </button>
                    <DeleteButton what={`rule ${displayText(r.name, 60)}`} onDelete={() => void engine.call('automation/delete', { id: r.id }).then(setRules, (e: unknown) => notify(errorText(e), 'error'))} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {editing && playbooks && <AutomationRuleDialog initial={editing} playbooks={playbooks} onClose={() => setEditing(undefined)} onSaved={setRules} />}
    </div>
  );
};

const PlaybooksView = (): ReactNode => {
  const { engine, notify } = useWorkspace();
  const load = useCallback(() => engine.call('playbooks/list', undefined), [engine]);
  const [playbooks, setPlaybooks, error] = useList<Playbook>(load);
  const [editing, setEditing] = useState<Playbook | undefined>(undefined);
  return (
    <div className="rules-view" data-testid="playbooks">
      <div className="rules-intro">
        <p className="muted">Playbooks are named, ordered steps you run on an incident from its Take action tab (or from an automation rule). Yours are stored in the case and travel with case files.</p>
        <button type="button" className="primary" onClick={() => setEditing(emptyPlaybook())} data-testid="playbook-new">
          New playbook…
        </button>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      {playbooks === undefined && !error && <p className="muted">Loading playbooks…</p>}
      {playbooks && (
        <table className="mini rules-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Steps</th>
              <th>
                <span className="sr-only">Change</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {playbooks.map((p) => (
              <tr key={p.id} className="rule-row" data-testid="playbook-row" data-playbook-id={p.id}>
                <td className="pb-name">
                  <span className="strong">{displayText(p.name, 100)}</span>
                  {p.builtIn && <span className="pill">Built-in</span>}
                  <div className="muted small">{displayText(p.description, 300)}</div>
                </td>
                <td className="cond">
                  <ol className="compact">
                    {p.steps.map((s, k) => (
                      <li key={k}>{displayText(describeStep(s), 200)}</li>
                    ))}
                  </ol>
                </td>
                <td className="actions">
                  <button type="button" onClick={() => setEditing(p)} data-testid="playbook-edit">
                    {p.builtIn ? 'View' : 'Edit'}
                  </button>
                  <button type="button" onClick={() => setEditing(copyOfPlaybook(p))} data-testid="playbook-duplicate">
                    Duplicate
                  </button>
                  {!p.builtIn && <DeleteButton what={`playbook ${displayText(p.name, 60)}`} onDelete={() => void engine.call('playbooks/delete', { id: p.id }).then(setPlaybooks, (e: unknown) => notify(errorText(e), 'error'))} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && <PlaybookDialog initial={editing} onClose={() => setEditing(undefined)} onSaved={setPlaybooks} />}
    </div>
  );
};

/** The Rules page: suppression rules, automation rules and playbooks (sub-page in the URL: `kind=`). */
export const RulesPage = (): ReactNode => {
  const { route, navigate } = useWorkspace();
  const kind = ruleKindOf(route.query);
  return (
    <section className="rules-page" aria-label="Rules" data-testid="rules-page">
      <header className="rules-head">
        <h1>Rules</h1>
      </header>
      <Tabs label="Rules" tabs={RULE_KINDS.map((k) => ({ key: k, label: RULE_KIND_LABEL[k] }))} active={kind} onChange={(k: RuleKind) => navigate({ view: 'rules', query: `kind=${k}` })} />
      <div className="rules-body">
        {kind === 'suppression' && <SuppressionView />}
        {kind === 'automation' && <AutomationView />}
        {kind === 'playbooks' && <PlaybooksView />}
      </div>
    </section>
  );
};
