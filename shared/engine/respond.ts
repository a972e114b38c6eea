// Respond and report handlers: take-action guidance, tasks, playbooks, suppression and automation rules,
// reports and exports, and case files. Pure decisions live in shared/respond and shared/report; this module
// reads what they need from the case and writes what they decide, with the activity log.
import type { ActivityEntry, Alert, AlertId, AlertTriage, CorrelationReason, Incident } from '#shared/model/index';
import { ATTACK_SOURCE, getTechnique, stableHash, tacticsOfTechnique } from '#shared/model/index';
import type { AutomationRule, Playbook, SuppressionRule, Task } from '#shared/respond/index';
import {
  BUILT_IN_PLAYBOOKS,
  carryChecklist,
  evaluateAutomation,
  findPlaybook,
  matchesConditions,
  findSuppression,
  mitigationGuidance,
  runPlaybook,
  suppressionFromAlert,
  validateSuppressionRule,
} from '#shared/respond/index';
import type { CaseSnapshot } from '#shared/report/index';
import {
  caseReportModel,
  extractIocs,
  iocsToCsv,
  mergeCases,
  readCaseFile,
  renderHtmlReport,
  renderMarkdownReport,
  toMispEvent,
  toNavigatorLayer,
  toStixBundle,
  toTimelineCsv,
  writeCaseFile,
} from '#shared/report/index';
import type { AlertIndex } from '#shared/store/alert-index';
import type { CaseDb, RuleRow } from '#shared/store/db';
import type { EngineImpl } from './rpc';
import type { IncidentPatch, ReportFile, ReportFormat } from './api';

export type RespondContext = {
  db: CaseDb;
  index: AlertIndex;
  now(): number;
  analyst(): string;
  incident(id: string): Incident | undefined;
  openIncidents(): Incident[];
  alertsOf(incident: Incident): Promise<Alert[]>;
  alertsAt(positions: readonly number[]): Promise<Alert[]>;
  getAlert(id: string): Promise<Alert | undefined>;
  reasonsOf(id: string): CorrelationReason[];
  updateIncidents(ids: string[], patch: IncidentPatch, by: string): Promise<void>;
  setTriage(rows: AlertTriage[], activity: ActivityEntry[]): Promise<void>;
  triage(id: string): AlertTriage | undefined;
  log(entries: ActivityEntry[]): Promise<unknown>;
  snapshot(): Promise<CaseSnapshot>;
  replaceWith(snapshot: CaseSnapshot): Promise<void>;
  changed(): void;
};

type RespondHandlers = Pick<
  EngineImpl,
  | 'respond/takeAction'
  | 'respond/checklist'
  | 'tasks/list'
  | 'tasks/save'
  | 'playbooks/list'
  | 'playbooks/save'
  | 'playbooks/delete'
  | 'playbooks/run'
  | 'suppression/list'
  | 'suppression/suggest'
  | 'suppression/preview'
  | 'suppression/save'
  | 'suppression/delete'
  | 'suppression/apply'
  | 'automation/list'
  | 'automation/save'
  | 'automation/delete'
  | 'report/build'
  | 'case/export'
  | 'case/open'
>;

const safeName = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);

export const createRespond = (ctx: RespondContext) => {
  const rules = async <T>(kind: RuleRow['kind']): Promise<T[]> => (await ctx.db.rules.where('kind').equals(kind).toArray()).map((r) => r.data as T);
  const putRule = async (kind: RuleRow['kind'], id: string, enabled: boolean, data: unknown): Promise<void> => {
    await ctx.db.rules.put({ id, kind, enabled, data });
  };
  const playbooks = async (): Promise<Playbook[]> => [...BUILT_IN_PLAYBOOKS, ...(await rules<Playbook>('playbook'))];
  const suppressionRules = (): Promise<SuppressionRule[]> => rules<SuppressionRule>('suppression');
  const automationRules = (): Promise<AutomationRule[]> => rules<AutomationRule>('automation');

  /** Candidate alert positions for a rule from the in-memory columns, then exact matching on the full alerts. */
  const matching = async (rule: SuppressionRule): Promise<Alert[]> => {
    const { index } = ctx;
    const c = rule.conditions;
    const det = c.detectorId?.trim();
    const title = c.titleContains?.trim().toLowerCase();
    const src = c.source?.trim().toLowerCase();
    const scope = rule.scope.trim().toLowerCase();
    const candidates: number[] = [];
    for (let p = 0; p < index.count; p++) {
      if (det && index.detectorIdOf(p).trim() !== det) continue;
      if (title && !index.titleOf(p).toLowerCase().includes(title)) continue;
      if (src && index.sourceOf(p).toLowerCase() !== src && index.productOf(p).toLowerCase() !== src) continue;
      if (scope !== 'all' && index.sourceOf(p).toLowerCase() !== scope) continue;
      candidates.push(p);
    }
    return (await ctx.alertsAt(candidates)).filter((a) => matchesConditions(rule, a));
  };

  /** Dismiss alerts with the rule recorded on them (resolved, suppressedBy), one activity entry each. */
  const suppress = async (alertIds: readonly string[], rule: SuppressionRule): Promise<number> => {
    const at = ctx.now();
    const rows: AlertTriage[] = [];
    const activity: ActivityEntry[] = [];
    for (const id of alertIds) {
      const prev = ctx.triage(id);
      if (prev?.suppressedBy) continue;
      rows.push({ id: id as AlertId, status: 'resolved', classification: prev?.classification ?? 'unknown', determination: prev?.determination ?? 'unknown', assignedTo: prev?.assignedTo ?? '', suppressedBy: rule.id, updatedAt: at });
      activity.push({ targetId: id, at, by: ctx.analyst(), action: 'suppressed', detail: `Suppression rule "${rule.name}"` });
    }
    if (rows.length) {
      await ctx.setTriage(rows, activity);
      await putRule('suppression', rule.id, rule.enabled, { ...rule, hits: rule.hits + rows.length });
    }
    return rows.length;
  };

  const reportFile = async (incidentId: string, format: ReportFormat, graphPng?: string): Promise<ReportFile> => {
    const incidents = incidentId === 'all' ? ctx.openIncidents() : [ctx.incident(incidentId)].filter((i): i is Incident => !!i);
    if (incidents.length === 0) throw new Error(`No incident ${incidentId}`);
    const models = [];
    for (const incident of incidents) {
      const alerts = await ctx.alertsOf(incident);
      const [comments, activity, tasks, checklist] = await Promise.all([
        ctx.db.comments.where('targetId').equals(incident.id).sortBy('at'),
        ctx.db.activity.where('targetId').equals(incident.id).sortBy('at'),
        ctx.db.tasks.where('incidentId').equals(incident.id).toArray(),
        ctx.db.checklists.get(incident.id),
      ]);
      models.push(
        caseReportModel({
          incident,
          alerts,
          reasons: ctx.reasonsOf(incident.id),
          comments,
          activity,
          tasks,
          analyst: ctx.analyst(),
          generatedAt: ctx.now(),
          attackSource: ATTACK_SOURCE,
          ...(graphPng ? { graphPng } : {}),
          ...(checklist ? { checklist: checklist.items } : {}),
        }),
      );
    }
    const base = incidentId === 'all' ? 'caseline-all-incidents' : `caseline-${safeName(incidentId)}`;
    const one = models[0];
    if (!one) throw new Error('Nothing to report');
    switch (format) {
      case 'html':
        return { name: `${base}.html`, mime: 'text/html', text: models.map(renderHtmlReport).join('\n') };
      case 'md':
        return { name: `${base}.md`, mime: 'text/markdown', text: models.map(renderMarkdownReport).join('\n\n---\n\n') };
      case 'json':
        return { name: `${base}.json`, mime: 'application/json', text: JSON.stringify(models.length === 1 ? one : models, null, 2) };
      case 'stix':
        return { name: `${base}.stix.json`, mime: 'application/json', text: JSON.stringify(models.length === 1 ? toStixBundle(one) : models.map(toStixBundle), null, 2) };
      case 'misp':
        return { name: `${base}.misp.json`, mime: 'application/json', text: JSON.stringify(models.length === 1 ? toMispEvent(one) : models.map((m) => toMispEvent(m)), null, 2) };
      case 'navigator':
        return { name: `${base}.layer.json`, mime: 'application/json', text: JSON.stringify(toNavigatorLayer(models.length === 1 ? one : { ...one, techniques: models.flatMap((m) => m.techniques) }), null, 2) };
      case 'csv': {
        const alerts = (await Promise.all(incidents.map((i) => ctx.alertsOf(i)))).flat();
        return { name: `${base}-iocs.csv`, mime: 'text/csv', text: iocsToCsv(extractIocs(alerts)) };
      }
      case 'timeline':
        return { name: `${base}-timeline.csv`, mime: 'text/csv', text: models.map(toTimelineCsv).join('') };
    }
  };

  const handlers: RespondHandlers = {
    'respond/takeAction': async ({ incidentId, alertId }) => {
      const incident = incidentId ? ctx.incident(incidentId) : undefined;
      const alerts = incident ? await ctx.alertsOf(incident) : alertId ? [await ctx.getAlert(alertId)].filter((a): a is Alert => !!a) : [];
      const g = mitigationGuidance(alerts);
      const saved = incident ? (await ctx.db.checklists.get(incident.id))?.items ?? [] : [];
      const techniques = [...new Set(alerts.flatMap((a) => a.techniques))].sort().map((id) => ({ id, name: getTechnique(id)?.name ?? id, tactics: tacticsOfTechnique(id) }));
      return { remediation: g.remediation.map((r) => (typeof r === 'string' ? r : r.text)), techniques, checklist: carryChecklist(g.checklist, saved) };
    },
    'respond/checklist': async ({ incidentId, item }) => {
      const row = (await ctx.db.checklists.get(incidentId)) ?? { incidentId, items: [] };
      const prev = row.items.find((i) => i.id === item.id);
      const next = { ...item, comment: item.comment.slice(0, 4000) };
      const items = [...row.items.filter((i) => i.id !== item.id), next];
      const action = (prev?.done ?? false) !== next.done ? (next.done ? 'checked' : 'unchecked') : (prev?.comment ?? '') !== next.comment ? 'commented on checklist item' : undefined;
      await ctx.db.transaction('rw', ctx.db.checklists, ctx.db.activity, async () => {
        await ctx.db.checklists.put({ incidentId, items });
        if (action) await ctx.log([{ targetId: incidentId, at: ctx.now(), by: ctx.analyst(), action, detail: next.comment && action !== 'checked' && action !== 'unchecked' ? `${item.text.slice(0, 300)}: ${next.comment}` : item.text.slice(0, 300) }]);
      });
      return items;
    },
    'tasks/list': ({ incidentId }) => ctx.db.tasks.where('incidentId').equals(incidentId).sortBy('createdAt'),
    'tasks/save': async ({ task }) => {
      const at = ctx.now();
      const prev = task.id ? await ctx.db.tasks.get(task.id) : undefined;
      const next: Task = prev
        ? { ...prev, title: task.title.slice(0, 500), owner: task.owner.slice(0, 200), status: task.status, updatedAt: at }
        : { id: `tk-${stableHash(`${task.incidentId}\u0000${task.title}\u0000${at}`).slice(0, 16)}`, incidentId: task.incidentId, title: task.title.slice(0, 500), owner: task.owner.slice(0, 200), status: task.status, createdAt: at, source: 'manual' };
      await ctx.db.transaction('rw', ctx.db.tasks, ctx.db.activity, async () => {
        await ctx.db.tasks.put(next);
        await ctx.log([{ targetId: next.incidentId, at, by: ctx.analyst(), action: prev ? 'task updated' : 'task added', detail: next.title, ...(prev && prev.status !== next.status ? { field: 'task status', from: prev.status, to: next.status } : {}) }]);
      });
      return next;
    },
    'playbooks/list': () => playbooks(),
    'playbooks/save': async ({ playbook }) => {
      if (!playbook.name.trim()) throw new Error('A playbook needs a name.');
      if (BUILT_IN_PLAYBOOKS.some((p) => p.id === playbook.id)) throw new Error('Built-in playbooks cannot be changed; save a copy under a new name.');
      const id = playbook.id || `pb-${stableHash(playbook.name + ctx.now()).slice(0, 12)}`;
      await putRule('playbook', id, true, { ...playbook, id, builtIn: false, updatedAt: ctx.now() });
      return playbooks();
    },
    'playbooks/delete': async ({ id }) => {
      await ctx.db.rules.delete(id);
      return playbooks();
    },
    'playbooks/run': async ({ playbookId, incidentId }) => {
      const incident = ctx.incident(incidentId);
      if (!incident) throw new Error(`No incident ${incidentId}`);
      const playbook = findPlaybook(await rules<Playbook>('playbook'), playbookId);
      if (!playbook) throw new Error(`No playbook ${playbookId}`);
      const result = runPlaybook(playbook, { incident, alerts: await ctx.alertsOf(incident), analyst: ctx.analyst(), now: ctx.now() });
      if (Object.keys(result.incidentPatch).length) await ctx.updateIncidents([incidentId], result.incidentPatch, `${ctx.analyst()} (playbook ${playbook.name})`);
      const runEntry: ActivityEntry = { targetId: incidentId, at: ctx.now(), by: ctx.analyst(), action: 'playbook run', detail: `${playbook.name}: ${result.outputs.map((o) => o.title).join('; ') || 'no outputs'}` };
      await ctx.db.transaction('rw', ctx.db.tasks, ctx.db.activity, async () => {
        // Tasks keep the playbook's order (one run shares a time, so each gets the next millisecond).
        await ctx.db.tasks.bulkPut(result.tasks.map((t, i) => ({ ...t, createdAt: t.createdAt + i })));
        await ctx.log([...result.activity.filter((a) => !a.field), runEntry, ...result.outputs.map((o) => ({ targetId: incidentId, at: ctx.now(), by: ctx.analyst(), action: `playbook output: ${o.kind}`, detail: `${o.title}\n${o.text}` }))]);
      });
      ctx.changed();
      return { playbookId, incidentId, outputs: result.outputs, tasks: result.tasks, activity: result.activity.length + 1 };
    },
    'suppression/list': () => suppressionRules(),
    'suppression/suggest': async ({ alertId }) => {
      const alert = await ctx.getAlert(alertId);
      if (!alert) throw new Error(`No alert ${alertId}`);
      return suppressionFromAlert(alert, ctx.analyst(), ctx.now());
    },
    'suppression/preview': async ({ rule }) => {
      const hits = await matching(rule);
      return { count: hits.length, sampleIds: hits.slice(0, 10).map((a) => a.id) };
    },
    'suppression/save': async ({ rule }) => {
      const problems = validateSuppressionRule(rule);
      if (problems.length) throw new Error(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
      const id = rule.id || `sr-${stableHash(rule.name + ctx.now()).slice(0, 12)}`;
      await putRule('suppression', id, rule.enabled, { ...rule, id, updatedAt: ctx.now() });
      await ctx.log([{ targetId: 'case', at: ctx.now(), by: ctx.analyst(), action: 'suppression rule saved', detail: rule.name }]);
      return suppressionRules();
    },
    'suppression/delete': async ({ id }) => {
      await ctx.db.rules.delete(id);
      return suppressionRules();
    },
    'suppression/apply': async ({ id }) => {
      const rule = (await suppressionRules()).find((r) => r.id === id);
      if (!rule) throw new Error(`No suppression rule ${id}`);
      const n = await suppress((await matching(rule)).filter((a) => findSuppression([rule], a, ctx.now())).map((a) => a.id), rule);
      ctx.changed();
      return { suppressed: n };
    },
    'automation/list': () => automationRules(),
    'automation/save': async ({ rule }) => {
      if (!rule.name.trim()) throw new Error('An automation rule needs a name.');
      if (rule.actions.length === 0) throw new Error('An automation rule needs at least one action.');
      const id = rule.id || `ar-${stableHash(rule.name + ctx.now()).slice(0, 12)}`;
      await putRule('automation', id, rule.enabled, { ...rule, id, updatedAt: ctx.now() });
      return automationRules();
    },
    'automation/delete': async ({ id }) => {
      await ctx.db.rules.delete(id);
      return automationRules();
    },
    'report/build': ({ incidentId, format, graphPng }) => reportFile(incidentId, format, graphPng),
    'case/export': async ({ passphrase }) => {
      const snapshot = await ctx.snapshot();
      const bytes = await writeCaseFile(snapshot, { ...(passphrase ? { passphrase } : {}), now: ctx.now() });
      const d = new Date(ctx.now()).toISOString().slice(0, 10);
      return { name: `case-${d}.caseline`, bytes };
    },
    'case/open': async ({ bytes, passphrase, mode }) => {
      const read = await readCaseFile(bytes, passphrase ? { passphrase } : {});
      if (!read.ok) return { ok: false, code: read.error.code, message: read.error.message };
      if (mode === 'replace') {
        await ctx.replaceWith(read.snapshot);
        return { ok: true, mode, counts: { ...read.manifest.counts }, conflicts: 0, report: [`Opened a case exported by ${read.snapshot.exportedBy} on ${new Date(read.snapshot.exportedAt).toISOString()}`] };
      }
      const merged = mergeCases(await ctx.snapshot(), read.snapshot);
      await ctx.replaceWith(merged.snapshot);
      const r = merged.report as unknown as Record<string, unknown>;
      const lines = Object.entries(r)
        .filter(([, v]) => typeof v === 'number' || (Array.isArray(v) && v.length > 0))
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.length : String(v)}`);
      const conflicts = Array.isArray(r.conflicts) ? r.conflicts.length : 0;
      return { ok: true, mode, counts: { ...read.manifest.counts }, conflicts, report: lines };
    },
  };

  /**
   * Suppression of an import's alerts as they are read: the reader judges each alert against `rules` at `at` and
   * reports the hits (`hit`), so an import never holds all its alerts; `commit` records them once the import is kept.
   */
  const importSuppression = async (): Promise<{ rules: SuppressionRule[]; at: number; hit(ruleId: string, alertId: string): void; commit(): Promise<void> }> => {
    const rules = await suppressionRules();
    const byRule = new Map<string, string[]>();
    return {
      rules,
      at: ctx.now(),
      hit(ruleId, alertId) {
        const list = byRule.get(ruleId) ?? [];
        list.push(alertId);
        byRule.set(ruleId, list);
      },
      async commit() {
        for (const [ruleId, ids] of byRule) {
          const rule = rules.find((r) => r.id === ruleId);
          if (rule) await suppress(ids, rule);
        }
      },
    };
  };

  const automate = async (trigger: 'incidentCreated' | 'incidentUpdated', incidentIds: readonly string[]): Promise<number> => {
    const list = (await automationRules()).filter((r) => r.trigger === trigger);
    if (!list.length) return 0;
    let fired = 0;
    for (const id of incidentIds) {
      const incident = ctx.incident(id);
      if (!incident || incident.status === 'redirected') continue;
      const actions = evaluateAutomation(list, { trigger, incident, alerts: await ctx.alertsOf(incident) }, ctx.now());
      for (const f of actions) {
        fired++;
        const by = `automation rule "${f.ruleName}"`;
        if (f.action.kind === 'runPlaybook') {
          await handlers['playbooks/run']({ playbookId: f.action.playbookId, incidentId: id });
        } else {
          const cur = ctx.incident(id);
          if (!cur) continue;
          const patch: IncidentPatch =
            f.action.kind === 'assign' ? { assignedTo: f.action.to } : f.action.kind === 'addTags' ? { tags: [...new Set([...cur.tags, ...f.action.tags])] } : f.action.kind === 'setSeverity' ? { severity: f.action.severity } : { status: f.action.status };
          await ctx.updateIncidents([id], patch, by);
        }
        await ctx.log([{ targetId: id, at: ctx.now(), by, action: 'automation rule fired', detail: `${f.ruleName}: ${f.action.kind}` }]);
      }
    }
    return fired;
  };

  return { handlers, importSuppression, automate, playbooks, suppressionRules, automationRules };
};
