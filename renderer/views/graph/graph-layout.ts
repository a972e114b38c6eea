// Left-to-right kill-chain layout: x by tactic rank (an alert column, then a column of the entities those alerts
// introduced), y by lane (alerts by time, entities by type). Deterministic, so the same incident always looks the same.
import type { EntityType } from '#shared/model/index';
import { TACTICS, tacticName } from '#shared/model/index';
import type { GraphModel, GraphNode } from './graph-model';

export type Point = { x: number; y: number };
export type LayoutColumn = { rank: number; label: string; x: number };

export const COLUMN_GAP = 190;
export const ROW_GAP = 64;
export const MAX_PER_COLUMN = 12;

/** Entity lanes, top to bottom: where it happened, who, what ran, what it touched, where it talked to. */
export const TYPE_LANES: readonly EntityType[] = [
  'device',
  'account',
  'mailbox',
  'mailMessage',
  'process',
  'file',
  'registryKey',
  'registryValue',
  'cloudApplication',
  'cloudResource',
  'ip',
  'domain',
  'url',
  'dnsQuery',
];
const lane = (n: GraphNode): number => (n.type === 'alert' ? -1 : TYPE_LANES.indexOf(n.type));

export const rankLabel = (rank: number): string => (rank >= TACTICS.length ? 'Unmapped' : tacticName(TACTICS[rank]?.id ?? ''));

const byAlertOrder = (a: GraphNode, b: GraphNode): number => a.first - b.first || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byEntityOrder = (a: GraphNode, b: GraphNode): number =>
  lane(a) - lane(b) || b.alertIds.length - a.alertIds.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const killChainLayout = (model: GraphModel): { positions: Map<string, Point>; columns: LayoutColumn[] } => {
  const positions = new Map<string, Point>();
  const columns: LayoutColumn[] = [];
  const ranks = [...new Set(model.nodes.map((n) => n.rank))].sort((a, b) => a - b);
  let x = 0;
  const place = (list: GraphNode[]): void => {
    for (let start = 0; start < list.length; start += MAX_PER_COLUMN) {
      const chunk = list.slice(start, start + MAX_PER_COLUMN);
      chunk.forEach((n, i) => positions.set(n.id, { x, y: (i - (chunk.length - 1) / 2) * ROW_GAP }));
      x += COLUMN_GAP;
    }
  };
  for (const rank of ranks) {
    const here = model.nodes.filter((n) => n.rank === rank);
    const alerts = here.filter((n) => n.type === 'alert').sort(byAlertOrder);
    const entities = here.filter((n) => n.type !== 'alert').sort(byEntityOrder);
    columns.push({ rank, label: rankLabel(rank), x });
    place(alerts);
    place(entities);
    x += COLUMN_GAP * 0.25;
  }
  return { positions, columns };
};
