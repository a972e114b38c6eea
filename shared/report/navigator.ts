// ATT&CK Navigator layer (layer format 4.5): one entry per technique and tactic seen, scored by alert count.
import { getTactic, tacticsOfTechnique } from '#shared/model/index';
import type { CaseReportModel } from './model';
import { isoTime } from './time-text';

export type NavigatorTechnique = { techniqueID: string; tactic?: string; score: number; comment: string; enabled: boolean; showSubtechniques?: boolean };
export type NavigatorLayer = {
  name: string;
  versions: { layer: '4.5'; navigator: string; attack?: string };
  domain: 'enterprise-attack';
  description: string;
  sorting: number;
  hideDisabled: boolean;
  techniques: NavigatorTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: { label: string; color: string }[];
  showTacticRowBackground: boolean;
  tacticRowBackground: string;
  metadata: { name: string; value: string }[];
};

export const NAVIGATOR_VERSION = '5.1.0';

/** ATT&CK version when the data source names one ("v17", "ATT&CK 16.1"); Navigator assumes the current one otherwise. */
export const attackVersionOf = (source: string): string | undefined => /(?:\bv|ATT&CK\s*)(\d{1,2})(?:\.\d+)?\b/i.exec(source)?.[1];

export const toNavigatorLayer = (m: CaseReportModel): NavigatorLayer => {
  const techniques: NavigatorTechnique[] = [];
  for (const t of m.techniques) {
    const tactics = tacticsOfTechnique(t.id).map((id) => getTactic(id)?.shortname).filter((s): s is string => !!s);
    const comment = `Seen in ${t.alertCount} alert(s) of incident ${m.incidentId}.`;
    if (tactics.length === 0) techniques.push({ techniqueID: t.id, score: t.alertCount, comment, enabled: true });
    for (const tactic of tactics) techniques.push({ techniqueID: t.id, tactic, score: t.alertCount, comment, enabled: true });
  }
  // Parents of seen sub-techniques open by default so the sub-technique is visible.
  for (const parent of new Set(m.techniques.filter((t) => t.id.includes('.')).map((t) => t.id.split('.')[0] ?? ''))) {
    for (const x of techniques) if (x.techniqueID === parent) x.showSubtechniques = true;
  }
  const maxValue = Math.max(1, ...techniques.map((t) => t.score));
  const attack = attackVersionOf(m.attackSource);
  return {
    name: m.title.replace(/[\r\n]+/g, ' ').slice(0, 200) || m.incidentId,
    versions: attack ? { layer: '4.5', navigator: NAVIGATOR_VERSION, attack } : { layer: '4.5', navigator: NAVIGATOR_VERSION },
    domain: 'enterprise-attack',
    description: `Techniques seen in Caseline incident ${m.incidentId}; score = number of alerts. ${m.summary[0] ?? ''}`.slice(0, 2000),
    sorting: 3,
    hideDisabled: false,
    techniques,
    gradient: { colors: ['#fde0c5', '#e8590c', '#9c1c1c'], minValue: 0, maxValue },
    legendItems: [
      { label: 'Seen in few alerts', color: '#fde0c5' },
      { label: 'Seen in many alerts', color: '#9c1c1c' },
    ],
    showTacticRowBackground: true,
    tacticRowBackground: '#dddddd',
    metadata: [
      { name: 'incident', value: m.incidentId },
      { name: 'generated', value: isoTime(m.generatedAt) ?? '' },
      { name: 'ATT&CK data', value: m.attackSource },
    ],
  };
};
