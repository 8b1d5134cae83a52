import { describe, expect, it } from "vitest";
import { repeatOrder } from "./suite-runner.ts";

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
