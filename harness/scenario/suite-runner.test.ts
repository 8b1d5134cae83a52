import { describe, expect, it } from "vitest";
import { inLanes, repeatOrder } from "./suite-runner.ts";

describe("repeatOrder", () => {
  it("interleaves repeats round by round (A B A B), so an order effect between scenarios shows", () => {
    expect(repeatOrder(["A", "B"], 3).map((x) => `${x.item}${x.round}`)).toEqual(["A1", "B1", "A2", "B2", "A3", "B3"]);
  });

  it("runs each scenario once without repeats", () => {
    expect(repeatOrder(["A", "B"], 1)).toEqual([
      { item: "A", round: 1 },
      { item: "B", round: 1 },
    ]);
  });
});

describe("inLanes", () => {
  it("runs at most `lanes` items at a time, starting them in order, and waits for all", async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await inLanes([30, 10, 20, 5, 15], 2, async (ms, i) => {
      started.push(i);
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
    });
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(running).toBe(0);
  });

  it("with one lane is the plain loop; with more lanes than items runs them all at once", async () => {
    const seen: string[] = [];
    await inLanes(["a", "b"], 1, async (x) => void seen.push(x));
    expect(seen).toEqual(["a", "b"]);
    let most = 0;
    let running = 0;
    await inLanes([1, 2], 4, async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    });
    expect(most).toBe(2);
  });
});
