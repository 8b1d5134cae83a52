// Seeded mutations for fuzzing byte-level decoders: bit flips, truncation, insertion, random overwrite.

export { seededRandom } from "../util/seeded-random.ts";

export type MutationKind = "bit-flip" | "truncate" | "insert" | "random-bytes";
export const MUTATION_KINDS: readonly MutationKind[] = ["bit-flip", "truncate", "insert", "random-bytes"];

/** One mutation of `input` (never modified in place). */
export function mutate(input: Uint8Array, kind: MutationKind, rnd: () => number): Uint8Array {
  const int = (n: number): number => Math.floor(rnd() * n);
  const out = input.slice();
  switch (kind) {
    case "bit-flip": {
      const flips = 1 + int(3);
      for (let i = 0; i < flips; i++) out[int(out.length)]! ^= 1 << int(8);
      return out;
    }
    case "truncate":
      return out.subarray(0, int(out.length));
    case "insert": {
      const at = int(out.length + 1);
      const extra = Uint8Array.from({ length: 1 + int(4) }, () => int(256));
      const res = new Uint8Array(out.length + extra.length);
      res.set(out.subarray(0, at));
      res.set(extra, at);
      res.set(out.subarray(at), at + extra.length);
      return res;
    }
    case "random-bytes": {
      const at = int(out.length);
      const n = 1 + int(8);
      for (let i = at; i < Math.min(out.length, at + n); i++) out[i] = int(256);
      return out;
    }
  }
}
