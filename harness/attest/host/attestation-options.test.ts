import { describe, expect, it } from "vitest";
import { AttestationOptionsSchema, clusterAttestation } from "./attestation-options.ts";

describe("attestation options: the realm token format", () => {
  it("is left to the device (current TF-RMM shape) unless the scenario names one; a named one is part of the cluster key", () => {
    const plain = clusterAttestation(AttestationOptionsSchema.parse({}));
    expect(plain).not.toHaveProperty("tokenFormat");
    expect(clusterAttestation(AttestationOptionsSchema.parse({ tokenFormat: "legacy" }))).toMatchObject({ flavour: "cca", tokenFormat: "legacy" });
  });

  it("refuses a format it does not know, naming the key", () => {
    const r = AttestationOptionsSchema.safeParse({ tokenFormat: "rmm-1.1" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["tokenFormat"]);
  });
});

describe("attestation options: where the device runs", () => {
  it("defaults to the sidecar layout, which the cluster key leaves out; in-node is a cluster of its own", () => {
    const sidecar = AttestationOptionsSchema.parse({});
    expect(sidecar.deviceLayout).toBe("sidecar");
    expect(clusterAttestation(sidecar)).not.toHaveProperty("deviceLayout");
    expect(clusterAttestation(AttestationOptionsSchema.parse({ deviceLayout: "in-node" }))).toMatchObject({ deviceLayout: "in-node" });
    expect(() => AttestationOptionsSchema.parse({ deviceLayout: "tee" })).toThrow();
  });
});
