// Running a playbook is pure: it returns the incident changes, tasks, outputs and activity entries, and the
// engine applies them (in one transaction) and records them.
import type { ActivityEntry, Alert, Incident } from '#shared/model/index';
import { stableHash } from '#shared/model/index';
import { iocsToCsv } from '#shared/report/csv';
import { extractIocs } from '#shared/report/iocs';
import { commentText } from './shell-quote';
import { containmentCommands } from './containment';
import type { IncidentChanges, Playbook, PlaybookOutput, Task } from './types';

export type PlaybookContext = { incident: Incident; alerts: readonly Alert[]; analyst: string; now: number };

export type PlaybookResult = {
  incidentPatch: IncidentChanges;
  tasks: Task[];
  outputs: PlaybookOutput[];
  activity: ActivityEntry[];
};

const cleanTag = (t: string): string => t.trim().slice(0, 100);

export const runPlaybook = (playbook: Playbook, context: PlaybookContext): PlaybookResult => {
  const { incident, alerts, analyst, now } = context;
  const patch: IncidentChanges = {};
  const tasks: Task[] = [];
  const outputs: PlaybookOutput[] = [];
  const activity: ActivityEntry[] = [];
  const detail = `Playbook "${playbook.name}"`;
  const log = (action: string, extra: Partial<ActivityEntry> = {}): void => {
    activity.push({ targetId: incident.id, at: now, by: analyst, action, detail, ...extra });
  };
  // Current values as the steps see them (a later step sees an earlier one's change).
  const current = {
    status: incident.status,
    severity: incident.severity,
    classification: incident.classification,
    determination: incident.determination,
    assignedTo: incident.assignedTo,
    tags: [...incident.tags],
  };
  const set = <K extends 'status' | 'severity' | 'classification' | 'determination' | 'assignedTo'>(field: K, value: Incident[K]): void => {
    if (current[field] === value) return;
    log('update', { field, from: String(current[field]), to: String(value) });
    current[field] = value;
    (patch as Record<string, unknown>)[field] = value;
  };

  log('playbook.run', { to: playbook.name });
  for (const step of playbook.steps) {
    switch (step.kind) {
      case 'setStatus':
        set('status', step.status);
        break;
      case 'setSeverity':
        set('severity', step.severity);
        break;
      case 'setClassification':
        set('classification', step.classification);
        set('determination', step.determination);
        break;
      case 'assign':
        set('assignedTo', step.to?.trim() || analyst);
        break;
      case 'addTags': {
        const added = step.tags.map(cleanTag).filter((t) => t && !current.tags.includes(t));
        const unique = [...new Set(added)];
        if (unique.length === 0) break;
        log('update', { field: 'tags', from: current.tags.join(', '), to: [...current.tags, ...unique].join(', ') });
        current.tags = [...current.tags, ...unique];
        patch.tags = [...current.tags];
        break;
      }
      case 'addTasks':
        for (const title of step.titles) {
          const t = title.trim();
          if (!t) continue;
          const id = `tk-${stableHash(`${incident.id}\u0000${playbook.id}\u0000${t}\u0000${now}`)}`;
          if (tasks.some((x) => x.id === id)) continue;
          tasks.push({ id, incidentId: incident.id, title: t, owner: current.assignedTo || analyst, status: 'open', createdAt: now, source: playbook.name });
          log('task.add', { to: t });
        }
        break;
      case 'containmentCommands': {
        const title = incident.customTitle ?? incident.title;
        const r = containmentCommands(alerts, step.targets, step.variants, { incidentId: incident.id, incidentTitle: title, analyst, now });
        for (const s of r.scripts) {
          outputs.push({ kind: 'commands', title: s.variant === 'powershell' ? 'Containment commands (PowerShell)' : 'Containment commands (POSIX shell)', text: s.text });
        }
        if (r.skipped.length) {
          const lines = r.skipped.map((s) => `- ${s.type} ${commentText(s.value)}: ${s.reason}`);
          outputs.push({ kind: 'note', title: 'Values left out of the commands', text: lines.join('\n') });
        }
        log('commands.generate', { to: r.scripts.map((s) => `${s.variant}: ${s.commandCount}`).join(', ') });
        break;
      }
      case 'exportIocs': {
        const iocs = extractIocs(alerts);
        outputs.push({ kind: 'iocs', title: `Indicators (${iocs.length})`, text: iocsToCsv(iocs) });
        log('iocs.export', { to: String(iocs.length) });
        break;
      }
    }
  }
  return { incidentPatch: patch, tasks, outputs, activity };
};
