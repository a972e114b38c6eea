// Defender-style incident titles. Grammar (docs/correlation.md):
//   title    := subject scope? sources?
//   subject  := 'Multi-stage incident involving ' Tactic ' & ' Tactic   (two or more tactics: first and last in kill-chain order)
//             | Tactic ' incident'                                     (one tactic)
//             | AlertTitle                                             (no tactic, one detection)
//             | 'Multi-alert incident'                                 (no tactic, several detections)
//   scope    := ' on one endpoint' | ' on multiple endpoints'          (devices)
//             | ' involving one user' | ' involving multiple users'   (no device; accounts or mailboxes)
//             | ' involving one IP address' | ' involving multiple IP addresses' (network only)
//   sources  := ' reported by multiple sources'                       (two or more sources)
import { tacticName } from '#shared/model/index';

/** 'Command and Control' → 'Command and control' (Defender writes tactics in sentence case). */
export const tacticLabel = (id: string): string => {
  const name = tacticName(id);
  return name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
};

export type TitleFacts = {
  /** Tactic ids in kill-chain order. */
  tactics: readonly string[];
  /** Distinct detection titles (only whether there is one or several matters, and the single one's text). */
  detections: readonly string[];
  devices: number;
  users: number;
  ips: number;
  sources: number;
};

export const incidentTitle = (f: TitleFacts): string => {
  const [firstTactic] = f.tactics;
  const lastTactic = f.tactics[f.tactics.length - 1];
  let subject: string;
  if (f.tactics.length >= 2 && firstTactic && lastTactic) subject = `Multi-stage incident involving ${tacticLabel(firstTactic)} & ${tacticLabel(lastTactic)}`;
  else if (firstTactic) subject = `${tacticLabel(firstTactic)} incident`;
  else if (f.detections.length === 1) subject = f.detections[0] ?? 'Incident';
  else subject = 'Multi-alert incident';
  let scope = '';
  if (f.devices > 0) scope = f.devices === 1 ? ' on one endpoint' : ' on multiple endpoints';
  else if (f.users > 0) scope = f.users === 1 ? ' involving one user' : ' involving multiple users';
  else if (f.ips > 0) scope = f.ips === 1 ? ' involving one IP address' : ' involving multiple IP addresses';
  const sources = f.sources > 1 ? ' reported by multiple sources' : '';
  return `${subject}${scope}${sources}`;
};
