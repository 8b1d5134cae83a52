import { describe, expect, it } from "vitest";
import { HarnessError, isHarnessError } from "../errors/harness-error.ts";
import { asEngineError, engineConnectionProblem } from "./docker-engine.ts";

/** What dockerode / node's http rejects with when the socket is gone. */
function socketError(code: string, address = "/var/run/docker.sock"): Error {
  return Object.assign(new Error(`connect ${code} ${address}`), { code, errno: -2, syscall: "connect", address });
}

describe("engineConnectionProblem", () => {
  it("names the socket and the code of a dockerode connection error", () => {
    expect(engineConnectionProblem(socketError("ENOENT"))).toBe("/var/run/docker.sock: ENOENT");
    expect(engineConnectionProblem(socketError("ECONNREFUSED"))).toBe("/var/run/docker.sock: ECONNREFUSED");
  });

  it("finds it in a cause chain and in the docker CLI's stderr (execa)", () => {
    const wrapped = new HarnessError("CLUSTER_START_FAILED", "rm did not start", { cause: socketError("ENOENT") });
    expect(engineConnectionProblem(wrapped)).toBe("/var/run/docker.sock: ENOENT");
    const cli = Object.assign(new Error("Command failed with exit code 1: docker exec rm true"), {
      stderr: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
    });
    expect(engineConnectionProblem(cli)).toMatch(/Cannot connect to the Docker daemon/);
  });

  it("leaves other errors alone: a missing file, a missing docker binary, an HTTP error", () => {
    expect(engineConnectionProblem(Object.assign(new Error("ENOENT: no such file, open 'x.pcap'"), { code: "ENOENT", syscall: "open", path: "x.pcap" }))).toBeUndefined();
    expect(engineConnectionProblem(Object.assign(new Error("spawn docker ENOENT"), { code: "ENOENT", syscall: "spawn docker" }))).toBeUndefined();
    expect(engineConnectionProblem(new Error("(HTTP code 404) no such container"))).toBeUndefined();
    expect(engineConnectionProblem("ENOENT")).toBeUndefined();
  });
});

describe("asEngineError", () => {
  it("turns a raw socket error into ENGINE_UNAVAILABLE that says the engine stopped", () => {
    const e = asEngineError(socketError("ENOENT"));
    expect(isHarnessError(e, "ENGINE_UNAVAILABLE")).toBe(true);
    expect((e as Error).message).toBe("the Docker engine stopped answering (/var/run/docker.sock: ENOENT)");
  });

  it("keeps what the harness was doing and its log tail", () => {
    const e = asEngineError(new HarnessError("CLUSTER_START_FAILED", "nm-1 did not start", { cause: socketError("ECONNRESET"), logTail: "last line" }));
    expect((e as HarnessError).message).toBe("the Docker engine stopped answering (/var/run/docker.sock: ECONNRESET) while: nm-1 did not start");
    expect((e as HarnessError).logTail).toBe("last line");
  });

  it("returns any other error unchanged", () => {
    const other = new HarnessError("TIMEOUT", "slow");
    expect(asEngineError(other)).toBe(other);
  });
});
