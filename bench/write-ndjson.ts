// Writes the import bench's synthetic NDJSON to a file (npx tsx bench/write-ndjson.ts N OUT [--fresh-device-ids],
// see SyntheticOptions): the engine then reads it as a stream over HTTP from the bench server, as the app reads a
// file from disk, instead of from a Blob held in the browser's memory (which would count a 1 GB file in the bench's
// peak memory).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { syntheticLines } from './synthetic';

const n = Number(process.argv[2] ?? 100_000);
const out = createWriteStream(process.argv[3] ?? 'bench.ndjson');
let buf = '';
let bytes = 0;
for (const line of syntheticLines(n, 0, { freshDeviceIds: process.argv.includes('--fresh-device-ids') })) {
  buf += line;
  if (buf.length > 1 << 20) {
    bytes += buf.length;
    if (!out.write(buf)) await once(out, 'drain');
    buf = '';
  }
}
bytes += buf.length;
out.end(buf);
await once(out, 'finish');
console.log(JSON.stringify({ alerts: n, bytes }));
