/**
 * Where cache lines fall in a Float64Array: for each shift s (0–7 numbers), touches numbers s
 * and s + 7 of 64-byte regions picked at random from 256 MB (past every cache), and beside it
 * number 0 alone. Where s and s + 7 share a line the pass costs about what one number costs;
 * elsewhere it reads two lines. A plain Float64Array's best shift says where the C allocator
 * put it; one over a `WebAssembly.Memory` (page-aligned by V8's mmap) should be best at 0.
 *
 *   node --import tsx bench/line-alignment.ts [rounds]
 */
import { readList } from './report';

const BYTES = 256 * 1024 * 1024;
const REGIONS = BYTES / 64 - 1;
const TOUCHES = 2_000_000;

const order = new Uint32Array(TOUCHES);
let seed = 12_345;
for (let i = 0; i < TOUCHES; i++) {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
  order[i] = seed % REGIONS;
}

let sink = 0;
/** ns a region: number s (and s + 7 when `both`) of each region in `order`. */
function pass(b: Float64Array, s: number, both: boolean): number {
  const start = process.hrtime.bigint();
  let sum = 0;
  for (let i = 0; i < TOUCHES; i++) {
    const o = (order[i] as number) * 8 + s;
    sum += b[o] as number;
    if (both) sum += b[o + 7] as number;
  }
  const ns = Number(process.hrtime.bigint() - start) / TOUCHES;
  sink += sum;
  return ns;
}

const arrays: Record<string, Float64Array> = {
  plain: new Float64Array(BYTES / 8).fill(1),
  wasmMemory: new Float64Array(
    new WebAssembly.Memory({ initial: BYTES / 65_536, maximum: BYTES / 65_536, shared: true })
      .buffer,
  ).fill(1),
};
const rounds = readList('rounds', process.argv[2] ?? '3', 100)[0]!;
console.log('ns a region: one number | numbers s and s + 7, s = 0..7');
for (let round = 0; round < rounds; round++)
  for (const [name, b] of Object.entries(arrays)) {
    const one = pass(b, 0, false);
    const pairs = Array.from({ length: 8 }, (_, s) => pass(b, s, true).toFixed(1));
    console.log(`${name.padEnd(12)} ${one.toFixed(1)} | ${pairs.join(' ')}`);
  }
if (sink === 0) console.log('(sink)');
