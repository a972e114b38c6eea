// Summarise a V8 heap snapshot (bench/run.mjs --heap --heap-snapshot FILE): memory by owner, where an owner is
// the object and property that hold a value (typed arrays' backing stores and strings counted with their holder).
//   node bench/heap-snapshot.mjs FILE [top]
import { readFileSync } from 'node:fs';
const [file, topArg] = process.argv.slice(2);
const snap = JSON.parse(readFileSync(file, 'utf8'));
const { node_fields: nf, edge_fields: ef, node_types: nt, edge_types: et } = snap.snapshot.meta;
const N = nf.length;
const E = ef.length;
const nodes = snap.nodes;
const edges = snap.edges;
const strings = snap.strings;
const typeNames = nt[0];
const edgeTypeNames = et[0];
const count = nodes.length / N;
const iType = nf.indexOf('type');
const iName = nf.indexOf('name');
const iSize = nf.indexOf('self_size');
const iEdges = nf.indexOf('edge_count');
const eType = ef.indexOf('type');
const eName = ef.indexOf('name_or_index');
const eTo = ef.indexOf('to_node');
// First strong retainer of each node, with the edge's name.
const retainer = new Int32Array(count).fill(-1);
const retainerEdge = new Array(count);
for (let n = 0, e = 0; n < count; n++) {
  const ec = nodes[n * N + iEdges];
  for (let k = 0; k < ec; k++, e += E) {
    const to = edges[e + eTo] / N;
    const t = edgeTypeNames[edges[e + eType]];
    if (t === 'weak' || t === 'shortcut') continue;
    if (retainer[to] === -1) {
      retainer[to] = n;
      const nameIdx = edges[e + eName];
      retainerEdge[to] = t === 'element' || t === 'hidden' ? `[${t}]` : strings[nameIdx];
    }
  }
}
const nameOf = (n) => strings[nodes[n * N + iName]];
const typeOf = (n) => typeNames[nodes[n * N + iType]];
// Owner: walk up through backing stores, typed arrays, array elements and internal nodes to the first object of
// a named class (or a closure's context), and name it with the property it holds the value by.
const plain = new Set(['system / JSArrayBufferData', 'ArrayBuffer', 'Float64Array', 'Int32Array', 'Uint32Array', 'Uint8Array', 'Uint16Array', 'Array', '(object elements)', '(internal array)', 'system / BackingStore']);
const ownerOf = (n) => {
  let cur = n;
  let via = '';
  for (let depth = 0; depth < 8; depth++) {
    const r = retainer[cur];
    if (r < 0) return `(root) ${via}`;
    const edge = retainerEdge[cur];
    const rn = nameOf(r);
    const rt = typeOf(r);
    if (!edge?.startsWith('[') && !plain.has(rn) && (rt === 'object' || rt === 'closure')) return `${rn}.${edge}${via ? ` ${via}` : ''}`;
    if (rt === 'object' && rn === 'system / Context') return `context.${edge}`;
    if (!via && !edge?.startsWith('[')) via = `(${edge})`;
    cur = r;
  }
  return `? ${nameOf(cur)} ${via}`;
};
const byOwner = new Map();
const byType = new Map();
let total = 0;
for (let n = 0; n < count; n++) {
  const size = nodes[n * N + iSize];
  if (!size) continue;
  total += size;
  const t = typeOf(n);
  const key = `${ownerOf(n)} <${t === 'object' || t === 'native' || t === 'hidden' ? nameOf(n).slice(0, 40) : t}>`;
  byOwner.set(key, (byOwner.get(key) ?? 0) + size);
  byType.set(t, (byType.get(t) ?? 0) + size);
}
console.log(`total ${(total / 1e6).toFixed(1)} MB in ${count} nodes`);
console.log('by node type:', Object.fromEntries([...byType].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v / 1e6)])));
for (const [k, v] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 40))) console.log(`${(v / 1e6).toFixed(1).padStart(7)} MB  ${k}`);
