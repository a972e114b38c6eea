// MITRE ATT&CK Enterprise, compact and offline. © The MITRE Corporation; see ./attack/LICENSE-ATTACK.txt.
import data from './attack/enterprise-attack-compact.json';

export type Tactic = { id: string; shortname: string; name: string; description: string };
export type Technique = {
  id: string;
  name: string;
  tactics: string[];
  subtechnique: boolean;
  platforms: string[];
  description: string;
};
export type Mitigation = { id: string; name: string; description: string };
export type MitigationLink = { mitigation: string; technique: string; how: string };

export const ATTACK_SOURCE: string = data.source;
export const TACTICS: readonly Tactic[] = data.tactics;
export const TECHNIQUES: readonly Technique[] = data.techniques;
export const MITIGATIONS: readonly Mitigation[] = data.mitigations;
export const MITIGATES: readonly MitigationLink[] = data.mitigates;

const tacticById = new Map(TACTICS.map((t) => [t.id, t]));
const tacticOrder = new Map(TACTICS.map((t, i) => [t.id, i]));
const techniqueById = new Map(TECHNIQUES.map((t) => [t.id, t]));
const mitigationById = new Map(MITIGATIONS.map((m) => [m.id, m]));

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '');
/** Names sources use for tactics: ATT&CK names, shortnames, Microsoft enum names, and retired/renamed aliases. */
const tacticAlias = new Map<string, string>();
for (const t of TACTICS) {
  tacticAlias.set(squash(t.name), t.id);
  tacticAlias.set(squash(t.shortname), t.id);
  tacticAlias.set(t.id.toLowerCase(), t.id);
}
// ATT&CK v19 renamed TA0005 "Stealth"; Defender for Cloud uses PreAttack/Probing/Exploitation.
for (const [alias, id] of [
  ['stealth', 'TA0005'],
  ['defenseimpairment', 'TA0005'],
  ['preattack', 'TA0043'],
  ['probing', 'TA0043'],
  ['exploitation', 'TA0002'],
  ['commandcontrol', 'TA0011'],
  ['c2', 'TA0011'],
] as const) {
  tacticAlias.set(alias, id);
}

/** Resolve a tactic written any way a source writes it (`DefenseEvasion`, `defense-evasion`, `TA0005`, 'Defense Evasion'). */
export const resolveTactic = (name: string): string | undefined => tacticAlias.get(squash(name)) ?? tacticAlias.get(name.trim().toLowerCase());
export const getTactic = (id: string): Tactic | undefined => tacticById.get(id);
export const tacticName = (id: string): string => tacticById.get(id)?.name ?? id;
/** Kill-chain position (0 = Reconnaissance ... 13 = Impact); unknown tactics sort last. */
export const tacticRank = (id: string): number => tacticOrder.get(id) ?? TACTICS.length;
export const sortTactics = (ids: Iterable<string>): string[] => [...new Set(ids)].sort((a, b) => tacticRank(a) - tacticRank(b));

const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;
/** Normalise a technique id ('t1059.001' → 'T1059.001'); undefined when it is not one. */
export const parseTechniqueId = (text: string): string | undefined => {
  const id = text.trim().toUpperCase();
  return TECHNIQUE_ID.test(id) ? id : undefined;
};
export const getTechnique = (id: string): Technique | undefined => techniqueById.get(id);
/** Tactic ids a technique belongs to (a sub-technique falls back to its parent). */
export const tacticsOfTechnique = (id: string): string[] => {
  const t = techniqueById.get(id) ?? techniqueById.get(id.split('.')[0] ?? id);
  return t ? t.tactics.map((s) => tacticAlias.get(squash(s))).filter((x): x is string => x !== undefined) : [];
};
export const getMitigation = (id: string): Mitigation | undefined => mitigationById.get(id);
/**
 * Mitigations of a technique, once each: a sub-technique's own ATT&CK links, then its parent's for mitigations it
 * has no own link to (ATT&CK often links both with two texts; the sub-technique's is the specific one).
 */
export const mitigationsForTechnique = (id: string): { mitigation: Mitigation; how: string }[] => {
  const parent = id.split('.')[0] ?? id;
  const own: { mitigation: Mitigation; how: string }[] = [];
  const inherited: { mitigation: Mitigation; how: string }[] = [];
  for (const link of MITIGATES) {
    if (link.technique !== id && link.technique !== parent) continue;
    const m = mitigationById.get(link.mitigation);
    if (m) (link.technique === id ? own : inherited).push({ mitigation: m, how: link.how });
  }
  const seen = new Set<string>();
  return [...own, ...inherited].filter((x) => !seen.has(x.mitigation.id) && !!seen.add(x.mitigation.id));
};
