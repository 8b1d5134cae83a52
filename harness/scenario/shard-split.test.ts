import { describe, expect, it } from "vitest";
import { HarnessError } from "../errors/harness-error.ts";
import { imbalance, parseShard, shardUnits, splitShards, type ShardItem } from "./shard-split.ts";

const item = (name: string, clusters: string[] = [`c-${name}`], weight = 1, controls: string[] = []): ShardItem => ({ name, clusters, controls, weight });

/** A seeded shuffle (mulberry32), so "any input order" is tested on many orders, reproducibly. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rnd = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// a suite shaped like the default one: groups of several sizes, attacks with controls in other groups, a shared control
const SUITE: ShardItem[] = [
  item("att/a1", ["att-1"], 12, ["att/a1-control"]),
  item("att/a1-control", ["att-2"], 10),
  item("att/a2", ["att-1"], 20, ["att/off"]),
  item("att/off", ["att-3"], 8),
  item("att/a3", ["att-3"], 15, ["att/off"]),
  item("wire/gcm", ["wire"], 9, ["wire/plain"]),
  item("wire/plain", ["wire"], 9),
  item("wire/tls", ["wire"], 11, ["wire/plain"]),
  item("ten/acl", ["ten-acl"], 30, ["ten/acl-control"]),
  item("ten/acl-control", ["ten-plain"], 14),
  item("ten/spoof", ["ten-acl"], 7),
  item("sec/krb", ["krb"], 40, ["sec/krb-control"]),
  item("sec/krb-control", ["krb"], 25),
  item("cl/pi", ["plain"], 6),
  item("cl/shuffle", ["plain"], 18),
  item("x/alone", ["x"], 5),
  item("x/broken", [], 0),
];

describe("parseShard", () => {
  it("reads I/N", () => {
    expect(parseShard("1/2")).toEqual({ index: 1, count: 2 });
    expect(parseShard(" 4 / 4 ")).toEqual({ index: 4, count: 4 });
    expect(parseShard("1/1")).toEqual({ index: 1, count: 1 });
  });

  it.each([
    ["0/2", /I must be from 1 to N \(2\), got 0; shards are numbered from 1/],
    ["3/2", /I must be from 1 to N \(2\), got 3/],
    ["1/0", /N must be from 1 to 256, got 0/],
    ["1/999", /N must be from 1 to 256, got 999/],
    ["a/b", /--shard wants I\/N .* got "a\/b"/],
    ["2", /--shard wants I\/N/],
    ["", /--shard wants I\/N/],
    ["1/2/3", /--shard wants I\/N/],
    ["-1/2", /--shard wants I\/N/],
  ])("refuses %j with a HarnessError saying what it wants", (value, message) => {
    const e = (() => {
      try {
        parseShard(value);
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(HarnessError);
    expect((e as HarnessError).code).toBe("INVALID_INPUT");
    expect((e as HarnessError).message).toMatch(message);
    expect((e as HarnessError).hint).toMatch(/--shard 1\/2.*merge/);
  });
});

describe("shardUnits", () => {
  it("keeps a cluster group together, and an attack with its controls (across groups, transitively)", () => {
    const units = shardUnits(SUITE).map((u) => u.join(" "));
    // att/a1 → its control in att-2; att/a2 shares att-1 with a1 and names att/off, which shares att-3 with a3
    expect(units).toContain("att/a1 att/a1-control att/a2 att/a3 att/off");
    expect(units).toContain("wire/gcm wire/plain wire/tls");
    expect(units).toContain("ten/acl ten/acl-control ten/spoof");
    expect(units).toContain("sec/krb sec/krb-control");
    expect(units).toContain("cl/pi cl/shuffle");
    expect(units).toContain("x/alone");
    expect(units).toContain("x/broken");
    expect(units).toHaveLength(7);
  });

  it("ignores a control that is not in the selection (a missing file: its finding is unbound wherever it runs)", () => {
    expect(shardUnits([item("a/x", ["c1"], 1, ["a/gone"]), item("a/y", ["c2"])])).toEqual([["a/x"], ["a/y"]]);
  });

  it("joins the clusters of a scenario that runs on several pairs", () => {
    expect(shardUnits([item("a/x", ["p1 k", "p2 k"]), item("a/y", ["p2 k"]), item("a/z", ["p1 k"]), item("a/w", ["p3 k"])])).toEqual([["a/w"], ["a/x", "a/y", "a/z"]]);
  });
});

describe("splitShards", () => {
  const where = (shards: string[][]): Map<string, number> => new Map(shards.flatMap((s, i) => s.map((n) => [n, i] as const)));

  it.each([1, 2, 3, 4, 7])("puts every scenario in exactly one of %i shards", (n) => {
    const { shards } = splitShards(SUITE, n, 3);
    expect(shards).toHaveLength(n);
    expect(shards.flat().sort()).toEqual(SUITE.map((i) => i.name).sort());
  });

  it.each([2, 3, 4])("never splits a cluster group or an attack from its control (N = %i)", (n) => {
    const at = where(splitShards(SUITE, n, 3).shards);
    for (const it of SUITE) {
      for (const c of it.controls) expect(at.get(c), `${it.name} and its control ${c}`).toBe(at.get(it.name));
      for (const other of SUITE.filter((o) => o.clusters.some((c) => it.clusters.includes(c)))) expect(at.get(other.name), `${it.name} and ${other.name}`).toBe(at.get(it.name));
    }
  });

  it("gives the same split, weights and digest for the same items in any order", () => {
    const first = splitShards(SUITE, 3, 3);
    for (let seed = 1; seed <= 50; seed++) expect(splitShards(shuffled(SUITE, seed), 3, 3)).toEqual(first);
  });

  it("breaks weight ties by name and shard index, not by input order", () => {
    const tied = ["e/5", "e/3", "e/1", "e/4", "e/2"].map((n) => item(n));
    const { shards } = splitShards(tied, 2);
    expect(shards).toEqual([["e/1", "e/3", "e/5"], ["e/2", "e/4"]]);
    expect(splitShards([...tied].reverse(), 2).shards).toEqual(shards);
  });

  it("balances by LPT: heaviest unit first, each to the lightest shard", () => {
    const items = [item("a/8", ["8"], 8), item("a/7", ["7"], 7), item("a/6", ["6"], 6), item("a/5", ["5"], 5), item("a/4", ["4"], 4)];
    const s = splitShards(items, 2);
    // 8 → A, 7 → B, 6 → B (7 < 8), 5 → A (8 < 13), 4 → A (13 = 13: the lower index)
    expect(s.shards).toEqual([["a/4", "a/5", "a/8"], ["a/6", "a/7"]]);
    expect(s.weights).toEqual([17, 13]);
    expect(imbalance(s.weights)).toBeCloseTo(17 / 15);
  });

  it("counts a cluster start once per distinct cluster of a unit", () => {
    const s = splitShards([item("a/x", ["k"], 2), item("a/y", ["k"], 3), item("b/z", ["k2", "k3"], 1)], 1, 10);
    expect(s.weights).toEqual([2 + 3 + 10 + 1 + 20]);
  });

  it("stays within the bound of LPT on the suite (longest ≤ mean + largest unit)", () => {
    for (const n of [2, 3, 4]) {
      const s = splitShards(SUITE, n, 3);
      const total = s.weights.reduce((a, b) => a + b, 0);
      const largest = 20 + 12 + 10 + 8 + 15 + 3 * 3; // the att unit
      expect(Math.max(...s.weights)).toBeLessThanOrEqual(total / n + largest);
    }
  });

  it("leaves shards empty when N is larger than the number of units", () => {
    const s = splitShards([item("a/x", ["k"]), item("a/y", ["k"])], 3);
    expect(s.shards).toEqual([["a/x", "a/y"], [], []]);
    expect(s.weights).toEqual([2, 0, 0]);
  });

  it("splits an empty selection into empty shards", () => {
    expect(splitShards([], 2).shards).toEqual([[], []]);
    expect(imbalance([0, 0])).toBe(1);
  });

  it("gives another digest for another assignment (shards made with other durations disagree)", () => {
    const a = splitShards(SUITE, 2, 3);
    const b = splitShards(SUITE.map((i) => (i.name === "cl/pi" ? { ...i, weight: 200 } : i)), 2, 3);
    expect(b.shards).not.toEqual(a.shards);
    expect(b.digest).not.toBe(a.digest);
    expect(a.digest).toMatch(/^[0-9a-f]{16}$/);
  });
});
