import { describe, expect, it } from "vitest";
import { holdArgs, releaseFileFor } from "./victim-hold.ts";

describe("victim hold", () => {
  it("puts each step's release file under a per-run token on the shared volume", () => {
    expect(releaseFileFor("driver", "abc")).toBe("/shared/release/abc/driver");
    expect(releaseFileFor("driver")).toMatch(/^\/shared\/release\/[0-9a-f]{12}\/driver$/);
  });
  it("lets the job give up holding before spark-submit's timeout kills it", () => {
    expect(holdArgs("/shared/release/a/b", 300)).toEqual(["/shared/release/a/b", "280"]);
    expect(holdArgs("/x", 15)).toEqual(["/x", "10"]);
  });
});
