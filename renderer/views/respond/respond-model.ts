// Pure helpers for the Take action panel: how the checklist splits into "mitigate" and "prevent", how playbook
// outputs are saved, and how tasks are counted. No DOM here (tested in node).
import type { ChecklistItem, TakeAction } from '#shared/engine/api';
import type { PlaybookOutput, Task, TaskStatus } from '#shared/respond/types';

/** Source remediation steps have no technique; ATT&CK mitigations name one. */
export const isRemediation = (item: ChecklistItem): boolean => !item.techniqueId;

export type MitigationGroup = { techniqueId: string; name: string; tactics: string[]; items: ChecklistItem[]; done: number };

/**
 * The "Prevent future attacks" checklist grouped by technique, in the order the engine lists the techniques.
 * Items whose technique is not in the list (a stale saved tick) come last under their own id.
 */
export const mitigationGroups = (action: TakeAction): MitigationGroup[] => {
  const groups = new Map<string, MitigationGroup>();
  for (const t of action.techniques) groups.set(t.id, { techniqueId: t.id, name: t.name, tactics: t.tactics, items: [], done: 0 });
  for (const item of action.checklist) {
    if (isRemediation(item) || !item.techniqueId) continue;
    let g = groups.get(item.techniqueId);
    if (!g) groups.set(item.techniqueId, (g = { techniqueId: item.techniqueId, name: item.techniqueId, tactics: [], items: [], done: 0 }));
    g.items.push(item);
    if (item.done) g.done++;
  }
  return [...groups.values()].filter((g) => g.items.length > 0);
};

/** The mitigation's name before " against ": what the group row shows; the rest is the how. */
export const splitMitigationText = (text: string): { head: string; how: string } => {
  const against = text.indexOf(' against ');
  const colon = against >= 0 ? text.indexOf(': ', against) : -1;
  if (against < 0 || colon < 0) return { head: text, how: '' };
  return { head: text.slice(0, against), how: text.slice(colon + 2) };
};

export const progress = (items: readonly ChecklistItem[]): { done: number; total: number } => ({ done: items.filter((i) => i.done).length, total: items.length });

/** Carry ticks and comments from another checklist (the incident's) onto this one, by item id. */
export const withTicks = (items: readonly ChecklistItem[], saved: readonly ChecklistItem[]): ChecklistItem[] => {
  const byId = new Map(saved.map((i) => [i.id, i]));
  return items.map((i) => {
    const s = byId.get(i.id);
    return s ? { ...i, done: s.done, comment: s.comment } : i;
  });
};

/** A file name made only of safe characters (X5): no separators, dots at the ends, or controls. */
export const safeFilePart = (s: string, max = 60): string =>
  s
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max) || 'caseline';

export type OutputFile = { name: string; mime: string; label: string };

/** How one playbook output is saved: a .ps1 or .sh script, a CSV of indicators, or a text note. */
export const outputFile = (output: PlaybookOutput, incidentId: string, playbookName: string): OutputFile => {
  const base = `${safeFilePart(incidentId, 40)}-${safeFilePart(playbookName, 40)}`;
  if (output.kind === 'commands') {
    const ps = /powershell/i.test(output.title);
    return ps ? { name: `${base}-containment.ps1`, mime: 'text/plain', label: 'PowerShell script' } : { name: `${base}-containment.sh`, mime: 'text/x-shellscript', label: 'shell script' };
  }
  if (output.kind === 'iocs') return { name: `${base}-iocs.csv`, mime: 'text/csv', label: 'CSV' };
  return { name: `${base}-note.txt`, mime: 'text/plain', label: 'text' };
};

// Controls, zero-width and bidi characters (as displayText in app/format makes visible), but whole: no cut.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Script text as shown on screen: every invisible or direction-changing character written as `\u{…}`, so a
 * command cannot look different from what it is (RLO spoofing). `changed` says the copy differs from the view.
 */
export const visibleScript = (text: string): { text: string; changed: boolean } => {
  let changed = false;
  const out = text.replace(INVISIBLE, (c) => ((changed = true), `\\u{${c.charCodeAt(0).toString(16)}}`));
  return { text: out, changed };
};

/** Lines and the longest line of an output, for the size line under it. */
export const outputSize = (text: string): { lines: number; chars: number } => ({ lines: text ? text.split('\n').length : 0, chars: text.length });

export const TASK_STATUS_LABEL: Record<TaskStatus, string> = { open: 'Open', done: 'Done', skipped: 'Skipped' };

export const taskCounts = (tasks: readonly Task[]): Record<TaskStatus, number> => {
  const c: Record<TaskStatus, number> = { open: 0, done: 0, skipped: 0 };
  for (const t of tasks) c[t.status]++;
  return c;
};

/** Open tasks first, then by creation time (oldest first), so the list reads as a to-do list; ties keep the engine's order. */
export const sortTasks = (tasks: readonly Task[]): Task[] => [...tasks].sort((a, b) => ((a.status === 'open') !== (b.status === 'open') ? (a.status === 'open' ? -1 : 1) : a.createdAt - b.createdAt));

/** Distinct alerts to offer for "Suppress similar alerts": one per detector (or title), the most frequent first. */
export const suppressionCandidates = (alerts: readonly { id: string; title: string; source: string }[], max = 50): { alertId: string; title: string; source: string; count: number }[] => {
  const byKey = new Map<string, { alertId: string; title: string; source: string; count: number }>();
  for (const a of alerts) {
    const key = `${a.source}\u0000${a.title}`;
    const e = byKey.get(key);
    if (e) e.count++;
    else byKey.set(key, { alertId: a.id, title: a.title, source: a.source, count: 1 });
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0)).slice(0, max);
};
