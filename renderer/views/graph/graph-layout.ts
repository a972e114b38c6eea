// Left-to-right kill-chain layout: x by tactic rank (an alert column, then a column of the entities those alerts
// introduced), y by lane (alerts by time, entities by type). Deterministic, so the same incident always looks the same.
import type { EntityType } from '#shared/model/index';
import { TACTICS, tacticName } from '#shared/model/index';
import type { GraphModel, GraphNode } from './graph-model';

export type Point = { x: number; y: number };
/** A tactic's span of columns: from x (its first column) over width (to its last column's centre). */
export type LayoutColumn = { rank: number; label: string; x: number; width: number };

/** Between the columns of one tactic, and extra space between tactics. */
export const COLUMN_GAP = 110;
export const RANK_GAP = 70;
export const ROW_GAP = 54;
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

/** Rows per column that make the layout's width/height closest to the aspect ratio of the space it is drawn in. */
export const rowsForAspect = (model: GraphModel, aspect: number): number => {
  const groups: number[] = [];
  for (const rank of new Set(model.nodes.map((n) => n.rank))) {
    const here = model.nodes.filter((n) => n.rank === rank);
    const alerts = here.filter((n) => n.type === 'alert').length;
    groups.push(alerts, here.length - alerts, -1);
  }
  let best = MAX_PER_COLUMN;
  let bestScore = Infinity;
  for (let rows = 4; rows <= 60; rows++) {
    let columns = 0;
    let gaps = 0;
    let tallest = 1;
    for (const g of groups) {
      if (g < 0) gaps++;
      else if (g > 0) {
        columns += Math.ceil(g / rows);
        tallest = Math.max(tallest, Math.min(g, rows));
      }
    }
    const score = Math.abs(Math.log((columns * COLUMN_GAP + gaps * RANK_GAP) / (tallest * ROW_GAP + ROW_GAP) / aspect));
    if (score < bestScore - 1e-9) {
      bestScore = score;
      best = rows;
    }
  }
  return best;
};

/** Positions for every node; `aspect` (width/height of the canvas) picks how tall columns grow before wrapping. */
export const killChainLayout = (model: GraphModel, aspect?: number): { positions: Map<string, Point>; columns: LayoutColumn[] } => {
  const perColumn = aspect ? rowsForAspect(model, aspect) : MAX_PER_COLUMN;
  const positions = new Map<string, Point>();
  const columns: LayoutColumn[] = [];
  const ranks = [...new Set(model.nodes.map((n) => n.rank))].sort((a, b) => a - b);
  let x = 0;
  const place = (list: GraphNode[]): void => {
    for (let start = 0; start < list.length; start += perColumn) {
      const chunk = list.slice(start, start + perColumn);
      chunk.forEach((n, i) => positions.set(n.id, { x, y: (i - (chunk.length - 1) / 2) * ROW_GAP }));
      x += COLUMN_GAP;
    }
  };
  for (const rank of ranks) {
    const here = model.nodes.filter((n) => n.rank === rank);
    const alerts = here.filter((n) => n.type === 'alert').sort(byAlertOrder);
    const entities = here.filter((n) => n.type !== 'alert').sort(byEntityOrder);
    const start = x;
    place(alerts);
    place(entities);
    columns.push({ rank, label: rankLabel(rank), x: start, width: x - COLUMN_GAP - start });
    x += RANK_GAP;
  }
  return { positions, columns };
};
