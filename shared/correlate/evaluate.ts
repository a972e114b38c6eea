// Quality of a grouping against ground truth: pairwise precision, recall and F1 (every pair of alerts put in the
// same incident is a prediction; every pair in the same truth group is a fact), and the compression ratio.
// Counting pairs through a contingency table keeps it O(n) even for a million alerts.

export type GroupingScore = {
  alerts: number;
  incidents: number;
  truthGroups: number;
  /** Pairs in the same incident and the same truth group / pairs in the same incident. 1 when no pairs. */
  precision: number;
  /** Pairs in the same incident and the same truth group / pairs in the same truth group. 1 when no pairs. */
  recall: number;
  f1: number;
  /** Alerts per incident. */
  compression: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
};

const pairs = (n: number): number => (n * (n - 1)) / 2;

/**
 * `predicted` and `truth` map each alert to a group label. Alerts missing from `predicted` count as singletons.
 */
export const scoreGrouping = (truth: ReadonlyMap<string, string>, predicted: ReadonlyMap<string, string>): GroupingScore => {
  const truthSize = new Map<string, number>();
  const predSize = new Map<string, number>();
  const cell = new Map<string, number>();
  let singleton = 0;
  for (const [alert, t] of truth) {
    const p = predicted.get(alert) ?? `\u0000single-${singleton++}`;
    truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
    const c = `${p}\u0001${t}`;
    cell.set(c, (cell.get(c) ?? 0) + 1);
  }
  let truePairs = 0;
  for (const n of truthSize.values()) truePairs += pairs(n);
  let predictedPairs = 0;
  for (const n of predSize.values()) predictedPairs += pairs(n);
  let correctPairs = 0;
  for (const n of cell.values()) correctPairs += pairs(n);
  const precision = predictedPairs ? correctPairs / predictedPairs : 1;
  const recall = truePairs ? correctPairs / truePairs : 1;
  return {
    alerts: truth.size,
    incidents: predSize.size,
    truthGroups: truthSize.size,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    compression: predSize.size ? truth.size / predSize.size : 0,
    truePairs,
    predictedPairs,
    correctPairs,
  };
};
