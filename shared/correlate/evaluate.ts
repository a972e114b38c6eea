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

/** Sum of pairs(run length) over runs of equal values of a sorted array. */
const pairsOfRuns = (sorted: Float64Array): { pairs: number; runs: number } => {
  let total = 0;
  let runs = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    total += pairs(j - i);
    runs++;
    i = j;
  }
  return { pairs: total, runs };
};

/**
 * `scoreGrouping` from integer labels per alert: `truth[i]` and `predicted[i]` (-1: in no incident, a singleton).
 * Counts by sorting typed arrays instead of maps of strings, so scoring a million alerts leaves no garbage behind
 * (a benchmark that scores before timing an incremental run would otherwise time the collection of its maps).
 */
export const scoreLabels = (truth: Int32Array, predicted: Int32Array): GroupingScore => {
  const n = truth.length;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const t = truth[i] ?? 0;
    if (i === 0 || t < lo) lo = t;
    if (i === 0 || t > hi) hi = t;
  }
  const span = hi - lo + 1;
  const t = new Float64Array(n);
  const p = new Float64Array(n);
  const cell = new Float64Array(n);
  let m = 0;
  let singles = 0;
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, predicted[i] ?? -1);
  if ((top + 1) * span > Number.MAX_SAFE_INTEGER) throw new RangeError('scoreLabels: labels too far apart to pair exactly');
  for (let i = 0; i < n; i++) {
    t[i] = truth[i] ?? 0;
    const q = predicted[i] ?? -1;
    if (q < 0) {
      singles++;
      continue;
    }
    p[m] = q;
    // (prediction, truth) as one number: exact while below 2^53.
    cell[m++] = q * span + ((truth[i] ?? 0) - lo);
  }
  t.sort();
  const pm = p.subarray(0, m).sort();
  const cm = cell.subarray(0, m).sort();
  const tr = pairsOfRuns(t);
  const pr = pairsOfRuns(pm);
  const correctPairs = pairsOfRuns(cm).pairs;
  const precision = pr.pairs ? correctPairs / pr.pairs : 1;
  const recall = tr.pairs ? correctPairs / tr.pairs : 1;
  const incidents = pr.runs + singles;
  return {
    alerts: n,
    incidents,
    truthGroups: tr.runs,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    compression: incidents ? n / incidents : 0,
    truePairs: tr.pairs,
    predictedPairs: pr.pairs,
    correctPairs,
  };
};
