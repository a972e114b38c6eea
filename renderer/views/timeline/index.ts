export { Timeline } from './Timeline';
export { LANES, timelinePoints, timeExtent } from './timeline-model';
export type { Domain } from './timeline-model';
