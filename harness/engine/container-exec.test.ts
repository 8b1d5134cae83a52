import { describe, expect, it, vi } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";

// no Docker in unit tests: an engine whose exec cannot run (the container is gone)
vi.mock("./docker-engine.ts", () => ({
  docker: () => ({ getContainer: () => ({ exec: async () => Promise.reject(new Error("(HTTP code 404) no such container")) }) }),
}));

const { containerExec } = await import("./container-exec.ts");

describe("containerExec", () => {
  it("reports an exec Docker could not run as EXEC_FAILED naming the command and container, never as a start failure", async () => {
    const e = await containerExec("0123456789abcdef", ["bash", "-c", "true"]).catch((x: unknown) => x);
    expect(isHarnessError(e, "EXEC_FAILED")).toBe(true);
    expect((e as Error).message).toBe("docker exec bash -c true in 0123456789ab: (HTTP code 404) no such container");
  });
});
