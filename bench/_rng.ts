import { Rng } from '#shared/scenario/prng';
for (const i of [15, 16, 21, 22]) { const r = new Rng(1, 0xca, i); console.log(i, Array.from({length: 6}, () => r.float().toFixed(4)).join(' ')); }
