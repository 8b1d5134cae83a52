import { describe, expect, it } from "vitest";
import { containersInNmLog } from "./nm-container-log.ts";

const log = [
  "2026-11-22 17:06:29,840 INFO container.ContainerImpl: Container container_1795367179392_0001_01_000001 transitioned from NEW to LOCALIZING",
  "2026-11-22 17:06:30,261 INFO container.ContainerImpl: Container container_1795367179392_0001_01_000001 transitioned from SCHEDULED to RUNNING",
  "2026-11-22 17:06:33,784 INFO container.ContainerImpl: Container container_1795367179392_0001_01_000002 transitioned from NEW to LOCALIZING",
  "2026-11-22 17:06:33,911 INFO container.ContainerImpl: Container container_1795367179392_0001_01_000002 transitioned from SCHEDULED to RUNNING",
  "2026-11-22 17:06:44,310 INFO container.ContainerImpl: Container container_1795367179392_0001_01_000002 transitioned from RUNNING to EXITED_WITH_FAILURE",
  "2026-11-22 17:06:44,311 INFO container.ContainerImpl: Container container_1795367179392_0002_01_000003 transitioned from RUNNING to EXITED_WITH_FAILURE",
  "2026-11-22 17:06:45,000 INFO container.ContainerImpl: Container container_1795367179392_0001_01_000003 transitioned from RUNNING to KILLING",
].join("\n");

describe("containersInNmLog", () => {
  it("keeps only the app's containers, marks the AM and the failed ones", () => {
    const cs = containersInNmLog(log, "nm-1", "application_1795367179392_0001");
    expect(cs.map((c) => c.container)).toEqual([
      "container_1795367179392_0001_01_000001",
      "container_1795367179392_0001_01_000002",
      "container_1795367179392_0001_01_000003",
    ]);
    expect(cs.map((c) => [c.isAm, c.failed])).toEqual([[true, false], [false, true], [false, false]]);
    expect(cs[1]!.endLine).toContain("EXITED_WITH_FAILURE");
  });

  it("refuses a malformed application id", () => {
    expect(() => containersInNmLog(log, "nm-1", "app_1")).toThrow(/not an application id/);
  });
});
