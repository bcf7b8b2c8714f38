import { describe, expect, it } from 'vitest';
import { decodeHelloPart, helloParts, MAX_HELLO_BYTES, MAX_HELLO_PARTS } from './nats-hello';
import { HelloAssembly } from './nats-hello-assembly';

const encode = (text: string) => new TextEncoder().encode(text);

function hello(instruments: number, idChars = 8): string {
  return JSON.stringify({
    op: 'hello',
    protocol: 1,
    heartbeatMs: 1000,
    instruments: Array.from({ length: instruments }, (_, i) => ({
      id: `€${String(i).padStart(idChars, 'x')}`,
      kind: 'market',
      name: `Instrument ${i}`,
      tickSize: 0.01,
    })),
  });
}

function parts(text: string, generation: number, maxPayload: number): readonly Uint8Array[] {
  const split = helloParts(text, generation, maxPayload);
  if (!split.ok) throw new Error(split.error);
  return split.parts;
}

function part(manifest: object, slice = 'x'): Uint8Array {
  return encode(`${JSON.stringify({ op: 'hello-part', ...manifest })}\n${slice}`);
}

describe('a hello in parts', () => {
  it('cuts a hello into parts within max_payload, each whole UTF-8 text, and puts it back', () => {
    const text = hello(2_000, 200);
    const cut = parts(text, 3, 65_536);
    expect(cut.length).toBeGreaterThan(5);
    for (const p of cut) {
      expect(p.length).toBeLessThanOrEqual(65_536);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(p)).not.toThrow();
    }
    const assembly = new HelloAssembly();
    const added = [...cut].reverse().map((p) => assembly.add(p));
    expect(added.at(-1)).toEqual({ ok: true, hello: text });
    expect(added.slice(0, -1).every((a) => a.ok && a.hello === null)).toBe(true);
    expect(assembly.generation).toBe(3);
  });

  it('gives a small hello in one part', () => {
    const text = hello(3);
    const cut = parts(text, 1, 1024 * 1024);
    expect(cut).toHaveLength(1);
    expect(new HelloAssembly().add(cut[0]!)).toEqual({ ok: true, hello: text });
  });

  it('refuses a hello no desk takes, or one that needs too many parts', () => {
    expect(helloParts('x'.repeat(MAX_HELLO_BYTES + 1), 1, 1 << 20)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/more than a desk takes/),
    });
    expect(helloParts(hello(2_000), 1, 256)).toMatchObject({
      ok: false,
      error: expect.stringMatching(new RegExp(`more than ${MAX_HELLO_PARTS}$`)),
    });
    expect(helloParts(hello(1), 1, 100)).toMatchObject({ ok: false });
  });

  it('takes the complete newest generation, never a mix, and ignores older ones after it', () => {
    const older = parts(hello(300), 4, 4_096);
    const newer = parts(hello(400), 5, 4_096);
    const assembly = new HelloAssembly();
    // Interleaved: the older completes first and is given; then the newer replaces it.
    for (let i = 0; i < Math.max(older.length, newer.length); i++) {
      const o = older[i] ? assembly.add(older[i]!) : null;
      if (i === older.length - 1) expect(o).toEqual({ ok: true, hello: hello(300) });
      if (newer[i] && i < newer.length - 1) expect(assembly.add(newer[i]!).ok).toBe(true);
    }
    expect(assembly.add(newer.at(-1)!)).toEqual({ ok: true, hello: hello(400) });
    // The older one again, whole: not given, it is not the newest.
    expect(older.map((p) => assembly.add(p))).toEqual(older.map(() => ({ ok: true, hello: null })));
    expect(assembly.generation).toBe(5);
  });

  it("takes the relay's generation 1 after one of 2^53 - 1, as the relay starts again there", () => {
    const top = Number.MAX_SAFE_INTEGER;
    const assembly = new HelloAssembly();
    expect(assembly.add(parts(hello(0), top, 4_096)[0]!)).toEqual({ ok: true, hello: hello(0) });
    expect(assembly.isNewer(top)).toBe(false);
    expect(assembly.isNewer(0)).toBe(false);
    // The same forged hello again is not given twice.
    expect(assembly.add(parts(hello(0), top, 4_096)[0]!)).toEqual({ ok: true, hello: null });
    expect(assembly.add(parts(hello(4), 1, 4_096)[0]!)).toEqual({ ok: true, hello: hello(4) });
    expect(assembly.generation).toBe(1);
    // Past the wrap, generations rise again as before.
    expect(assembly.add(parts(hello(5), top, 4_096)[0]!)).toEqual({ ok: true, hello: hello(5) });
  });

  it('holds at most two incomplete generations, whatever arrives', () => {
    const assembly = new HelloAssembly();
    const slice = 'x'.repeat(100_000);
    for (let g = 1; g <= 200; g++)
      assembly.add(part({ generation: g, part: 0, parts: 2, bytes: 200_000 }, slice));
    expect(assembly.heldBytes).toBe(200_000);
    // An older generation than both held is not taken.
    assembly.add(part({ generation: 3, part: 1, parts: 2, bytes: 200_000 }, slice));
    expect(assembly.heldBytes).toBe(200_000);
  });

  it.each([
    ['no newline', encode('{"op":"hello-part"}'), /^manifest: no line/],
    ['not JSON', encode('{op\nx'), /^manifest: not JSON/],
    ['an array', encode('[1]\nx'), /^manifest: not a JSON object/],
    ['another op', part({ op: 'hello' }), /^op: /],
    ['generation 0', part({ generation: 0, part: 0, parts: 1, bytes: 1 }), /^generation: 0 /],
    ['generation 1.5', part({ generation: 1.5, part: 0, parts: 1, bytes: 1 }), /^generation: /],
    ['parts 5000', part({ generation: 1, part: 0, parts: 5000, bytes: 1 }), /^parts: 5000 /],
    ['parts "2"', part({ generation: 1, part: 0, parts: '2', bytes: 1 }), /^parts: "2" /],
    ['part 2 of 2', part({ generation: 1, part: 2, parts: 2, bytes: 2 }), /^part: 2 .* 0 to 1$/],
    [
      'bytes 1e12',
      part({ generation: 1, part: 0, parts: 1, bytes: 1e12 }),
      /^bytes: 1000000000000 /,
    ],
    [
      'a slice over bytes',
      part({ generation: 1, part: 0, parts: 1, bytes: 1 }, 'xx'),
      /^bytes: a part of 2 /,
    ],
    [
      'an empty slice',
      part({ generation: 1, part: 0, parts: 1, bytes: 1 }, ''),
      /^bytes: a part of 0 /,
    ],
  ])('refuses a part with %s, naming the field', (_name, data, error) => {
    expect(decodeHelloPart(data)).toEqual({ ok: false, error: expect.stringMatching(error) });
    expect(new HelloAssembly().add(data)).toMatchObject({ ok: false });
  });

  it('refuses parts of one generation that disagree, or that do not add up', () => {
    const assembly = new HelloAssembly();
    assembly.add(part({ generation: 1, part: 0, parts: 2, bytes: 4 }));
    expect(assembly.add(part({ generation: 1, part: 1, parts: 3, bytes: 4 }))).toEqual({
      ok: false,
      error: 'parts: 3, where an earlier part said 2 (generation 1 dropped)',
    });
    assembly.add(part({ generation: 2, part: 0, parts: 2, bytes: 4 }));
    expect(assembly.add(part({ generation: 2, part: 1, parts: 2, bytes: 4 }))).toEqual({
      ok: false,
      error: 'bytes: the parts hold 2, not 4 (generation 2 dropped)',
    });
    assembly.add(part({ generation: 3, part: 0, parts: 2, bytes: 4 }, 'xxx'));
    expect(assembly.add(part({ generation: 3, part: 1, parts: 2, bytes: 4 }, 'xx'))).toEqual({
      ok: false,
      error: 'bytes: the parts hold more than 4 (generation 3 dropped)',
    });
    expect(assembly.generation).toBe(0);
    expect(assembly.heldBytes).toBe(0);
  });
});
