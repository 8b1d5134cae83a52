import { describe, expect, it } from "vitest";
import { mutate, seededRandom } from "./fuzz-mutations.ts";

describe("fuzz mutations", () => {
  it("are reproducible from the seed and never touch the input", () => {
    const input = Uint8Array.from({ length: 100 }, (_, i) => i);
    const run = (seed: number) => {
      const rnd = seededRandom(seed);
      return (["bit-flip", "truncate", "insert", "random-bytes"] as const).map((k) => Array.from(mutate(input, k, rnd)));
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
    expect(input).toEqual(Uint8Array.from({ length: 100 }, (_, i) => i));
    const [flip, cut, grown] = run(3);
    expect(flip).toHaveLength(100);
    expect(cut!.length).toBeLessThan(100);
    expect(grown!.length).toBeGreaterThan(100);
  });
});
