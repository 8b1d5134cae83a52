import { describe, expect, it } from "vitest";
import { hasRpcGcm, profileProblem } from "./release-features.ts";

describe("release features", () => {
  it("AES/GCM for RPC exists from 3.4.4 in 3.4, 3.5.2 in 3.5, and in every 4.x", () => {
    for (const v of ["3.4.4", "3.5.2", "3.5.9", "4.0.0", "4.0.5", "4.1.4"]) expect(hasRpcGcm(v)).toBe(true);
    for (const v of ["3.2.1", "3.2.2", "3.3.4", "3.4.0", "3.4.3", "3.5.0", "3.5.1"]) expect(hasRpcGcm(v)).toBe(false);
  });

  it("names what a profile asks and the release lacks; nothing otherwise", () => {
    expect(profileProblem({ networkCrypto: "aes-gcm", rpcTls: false }, "3.2.1")).toMatch(/spark 3\.2\.1 has no AES\/GCM for RPC/);
    expect(profileProblem({ networkCrypto: "aes-gcm", rpcTls: false }, "3.5.9")).toBeUndefined();
    expect(profileProblem({ networkCrypto: "aes-default", rpcTls: false }, "3.2.1")).toBeUndefined();
    expect(profileProblem({ networkCrypto: "off", rpcTls: true }, "3.5.9")).toMatch(/no TLS for RPC/);
    expect(profileProblem({ networkCrypto: "off", rpcTls: true }, "4.0.5")).toBeUndefined();
    expect(profileProblem(undefined, "3.2.1")).toBeUndefined();
  });
});
