// "Take action" guidance: the sources' own remediation steps (deduplicated) plus ATT&CK mitigations for every
// technique seen, as a checklist the analyst ticks and comments.
import type { Alert } from '#shared/model/index';
import { getTechnique, mitigationsForTechnique, stableHash, tacticName, tacticsOfTechnique } from '#shared/model/index';

export type ChecklistItem = {
  id: string;
  /** Absent for a source remediation step. */
  techniqueId?: string;
  mitigationId?: string;
  text: string;
  done: boolean;
  comment: string;
};

export type RemediationStep = { text: string; sources: string[]; alertIds: string[] };

export type TechniqueGuidance = {
  techniqueId: string;
  name: string;
  tactics: { id: string; name: string }[];
  alertCount: number;
  mitigations: { mitigationId: string; name: string; how: string }[];
};

export type MitigationGuidance = {
  remediation: RemediationStep[];
  techniques: TechniqueGuidance[];
  checklist: ChecklistItem[];
};

/** 'Hide Artifacts: Hidden Files and Directories' for a sub-technique; the id itself when ATT&CK lacks it. */
export const techniqueDisplayName = (id: string): string => {
  const tech = getTechnique(id);
  const parentId = id.split('.')[0] ?? id;
  const parent = parentId !== id ? getTechnique(parentId) : undefined;
  if (tech) return parent ? `${parent.name}: ${tech.name}` : tech.name;
  return parent ? `${parent.name} (${id})` : id;
};

/** ATT&CK prose carries citations, Markdown links and <code> tags meant for its website: keep the words only. */
export const cleanAttackText = (s: string): string =>
  s
    .replace(/\s*\(Citation:[^)]*\)/g, '')
    .replace(/<\/?code>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim();

/** Bullet glyphs a source put before a step (Graph uses U+FFFD + TAB), dropped for display. */
const stripBullet = (s: string): string => s.trim().replace(/^(?:[-*\u2022\u25CF\u25AA\uFFFD]\s*)+/, '');

/** Same step written twice ("1. Run a scan", "run a scan.") is one step. */
const stepKey = (s: string): string =>
  s.trim().replace(/^(?:\d{1,3}[.)]|[-*\u2022\uFFFD])\s*/, '').replace(/\s+/g, ' ').replace(/[.;:\s]+$/, '').toLowerCase();

export const mitigationGuidance = (alerts: readonly Alert[]): MitigationGuidance => {
  const steps = new Map<string, RemediationStep>();
  const seen = new Map<string, Set<string>>();
  for (const alert of alerts) {
    for (const raw of alert.remediation) {
      const key = stepKey(raw);
      if (!key) continue;
      let step = steps.get(key);
      if (!step) {
        step = { text: stripBullet(raw), sources: [], alertIds: [] };
        steps.set(key, step);
      }
      const src = alert.product || alert.source;
      if (!step.sources.includes(src)) step.sources.push(src);
      if (!step.alertIds.includes(alert.id)) step.alertIds.push(alert.id);
    }
    for (const t of alert.techniques) {
      let ids = seen.get(t);
      if (!ids) seen.set(t, (ids = new Set()));
      ids.add(alert.id);
    }
  }
  const techniques: TechniqueGuidance[] = [...seen.keys()].sort().map((id) => {
    const name = techniqueDisplayName(id);
    const mitigations = mitigationsForTechnique(id)
      .map((m) => ({ mitigationId: m.mitigation.id, name: m.mitigation.name, how: cleanAttackText(m.how) }))
      .sort((a, b) => (a.mitigationId < b.mitigationId ? -1 : a.mitigationId > b.mitigationId ? 1 : a.how < b.how ? -1 : 1));
    return {
      techniqueId: id,
      name,
      tactics: tacticsOfTechnique(id).map((t) => ({ id: t, name: tacticName(t) })),
      alertCount: seen.get(id)?.size ?? 0,
      mitigations,
    };
  });
  const checklist: ChecklistItem[] = [];
  for (const step of steps.values()) {
    checklist.push({ id: `rem-${stableHash(stepKey(step.text))}`, text: step.text, done: false, comment: '' });
  }
  const mitigationSeen = new Set<string>();
  for (const t of techniques) {
    for (const m of t.mitigations) {
      const id = `mit-${t.techniqueId}-${m.mitigationId}`;
      if (mitigationSeen.has(id)) continue; // a sub-technique and its parent can list the same link
      mitigationSeen.add(id);
      checklist.push({ id, techniqueId: t.techniqueId, mitigationId: m.mitigationId, text: `${m.name} (${m.mitigationId}) against ${t.name}: ${m.how}`, done: false, comment: '' });
    }
  }
  return { remediation: [...steps.values()], techniques, checklist };
};

/** Carry ticks and comments over from a saved checklist to a freshly computed one (matched by item id). */
export const carryChecklist = (fresh: readonly ChecklistItem[], saved: readonly ChecklistItem[]): ChecklistItem[] => {
  const byId = new Map(saved.map((i) => [i.id, i]));
  return fresh.map((i) => {
    const s = byId.get(i.id);
    return s ? { ...i, done: s.done, comment: s.comment } : i;
  });
};
