// The attack-story graph feature: the panel, and the pure model others may reuse (reports, tests).
export { AttackGraph } from './AttackGraph';
export { buildGraph, findPath, nodesOfAlerts, nodeShowing, UNMAPPED } from './graph-model';
export type { GraphModel, GraphNode, GraphEdge, GraphOptions } from './graph-model';
export { killChainLayout } from './graph-layout';
export { graphPngOf } from './graph-snapshot';
