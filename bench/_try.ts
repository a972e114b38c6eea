import { scenarioRecords } from '#shared/scenario/index';
import { scenarioAlerts } from '#shared/scenario/to-alerts';
import { toCorrelationAlert } from '#shared/correlate/keys';
import { correlateBatch } from '#shared/correlate/batch';
import { scoreGrouping } from '#shared/correlate/evaluate';
import type { CorrelationAlert } from '#shared/correlate/types';
const args = process.argv.slice(2);
const campaigns = Number(args[0] ?? 60); const noise = Number(args[1] ?? 0.3); const seed = Number(args[2] ?? 1);
const overrides = JSON.parse(args[3] ?? '{}');
const alerts: CorrelationAlert[] = []; const truth = new Map<string,string>();
let pos = 0;
for (const r of scenarioRecords({ seed, campaigns, noiseRate: noise })) for (const t of scenarioAlerts(r, ++pos)) { alerts.push(toCorrelationAlert(t.alert)); truth.set(t.alert.id, t.group); }
const t0 = performance.now();
const res = correlateBatch(alerts, overrides);
const ms = performance.now() - t0;
const pred = new Map<string,string>(); for (const [a,i] of res.membership) pred.set(a,i);
const sc = scoreGrouping(truth, pred);
console.log(JSON.stringify({ alerts: alerts.length, ms: Math.round(ms), ...sc }));
if (args.includes('--detail')) {
  console.log(res.noise.slice(0, 25).map(n => `${n.alertCount} ${n.key} ${n.why}`).join('\n'));
  // impurity: incidents containing multiple truth groups
  const byInc = new Map<string, Map<string, number>>();
  for (const [a, i] of res.membership) { const m = byInc.get(i) ?? new Map(); const g = truth.get(a)!; m.set(g, (m.get(g) ?? 0) + 1); byInc.set(i, m); }
  const bad = [...byInc].filter(([, m]) => [...m.keys()].filter(g => g.startsWith('c')).length > 1 || ([...m.keys()].some(g => g.startsWith('c')) && [...m.keys()].some(g => g.startsWith('n'))));
  console.log('mixed incidents', bad.length);
  for (const [i, m] of bad.slice(0, 15)) console.log(i, [...m].map(([g, c]) => `${g}:${c}`).join(' '));
  // campaign splits
  const camp = new Map<string, Set<string>>();
  for (const [a, g] of truth) if (g.startsWith('c')) { const s = camp.get(g) ?? new Set(); s.add(res.membership.get(a as never)!); camp.set(g, s); }
  const split = [...camp].filter(([, s]) => s.size > 1);
  console.log('split campaigns', split.length, split.slice(0, 10).map(([g, s]) => `${g}:${s.size}`).join(' '));
  const inc = res.incidents.slice().sort((a,b)=>b.alertIds.length-a.alertIds.length).slice(0,8);
  for (const x of inc) console.log(x.alertIds.length, x.title, x.impactedAssets.slice(0,4).map(a=>a.value).join(','));
}
if (args.includes('--glue')) {
  const { store, link, code } = res;
  const W = 4 * 3600e3;
  const glue = new Map<string, number>();
  for (let k = 0; k < store.K; k++) {
    const lo = link.postStart[k]!, hi = link.postStart[k + 1]!;
    for (let j = lo + 1; j < hi; j++) {
      const a = link.post[j]!, b = link.post[j - 1]!;
      const ga = truth.get(store.ids[a]!)!, gb = truth.get(store.ids[b]!)!;
      if (ga !== gb && store.first[a]! - store.last[b]! <= W) glue.set(store.keyStr[k]!, (glue.get(store.keyStr[k]!) ?? 0) + 1);
    }
  }
  console.log([...glue].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, c]) => `${c} ${k} (n=${store.keyCount[store.keyIndex.get(k)!]}, code=${code[store.keyIndex.get(k)!]})`).join('\n'));
}
if (args.includes('--links')) {
  const { linkAlerts } = await import('#shared/correlate/link');
  const { normalizeSettings } = await import('#shared/correlate/settings');
  const { store, code } = res;
  const cnt = new Map<string, number>();
  linkAlerts(store, code, normalizeSettings(overrides), undefined, (a, b, k, kind) => {
    const ga = truth.get(store.ids[a]!)!, gb = truth.get(store.ids[b]!)!;
    if (ga === gb) return;
    const lbl = `${kind} ${store.keyStr[k]} n=${store.keyCount[k]} ${ga[0] === "c" && gb[0] === "c" ? ga + "-" + gb : ga[0] + gb[0]} ${store.titleStr[store.title[a]!]} <- ${store.titleStr[store.title[b]!]}`;
    cnt.set(lbl, (cnt.get(lbl) ?? 0) + 1);
  });
  console.log([...cnt].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, c]) => `${c} ${k}`).join('\n'));
}
if (args.includes('--splits')) {
  const { store } = res;
  const camp = new Map<string, string[]>();
  for (const [a, g] of truth) if (g.startsWith('c')) { const l = camp.get(g) ?? []; l.push(a); camp.set(g, l); }
  let shown = 0;
  for (const [g, list] of camp) {
    const parts = new Map<string, string[]>();
    for (const a of list) { const i = res.membership.get(a as never)!; const l = parts.get(i) ?? []; l.push(a); parts.set(i, l); }
    if (parts.size < 2 || shown++ > 5) continue;
    const sorted = [...parts.values()].sort((a, b) => b.length - a.length);
    console.log(`== ${g}: parts ${sorted.map(p => p.length).join(',')}`);
    for (const part of sorted.slice(1)) for (const a of part) {
      const i = store.indexOf(a)!;
      const keys: string[] = [];
      for (let e = store.entOff[i]!; e < store.entOff[i + 1]!; e++) { const k = store.entKey[e]!; keys.push(`${store.keyStr[k]}[${res.code[k]}/${store.keyCount[k]}]`); }
      console.log('  ', new Date(store.first[i]!).toISOString().slice(5, 16), store.titleStr[store.title[i]!], keys.join(' '));
    }
    const main = sorted[0]!.map(a => store.indexOf(a)!).sort((x, y) => store.first[x]! - store.first[y]!);
    console.log('   main times', main.map(i => new Date(store.first[i]!).toISOString().slice(8, 16)).join(' '));
  }
}
