import { describe, expect, it } from "vitest";
import { isHarnessError } from "../../errors/harness-error.ts";
import { loadCcaTestKey } from "../../cca/cca-test-keys.ts";
import { defaultReferenceValues, parseReferenceValues } from "./reference-values.ts";

const pem = loadCcaTestKey("cpak").publicKey.export({ type: "spki", format: "pem" }).toString();

function refusal(input: unknown): string {
  try {
    parseReferenceValues(input);
  } catch (e) {
    expect(isHarnessError(e, "INVALID_INPUT")).toBe(true);
    return (e as Error).message;
  }
  throw new Error("expected INVALID_INPUT");
}

describe("reference values", () => {
  it("defaults: every check on, nothing endorsed", () => {
    const p = defaultReferenceValues();
    expect(p.checks).toEqual({ endorsement: true, freshness: true, rim: true, platform: true, imaReplay: true, imaPolicy: true });
    expect(p.endorsedPlatformKeys).toEqual([]);
    expect(p.rims).toEqual([]);
  });

  it("accepts a full policy, lower-casing hex", () => {
    const p = parseReferenceValues(
      JSON.stringify({ endorsedPlatformKeys: [pem], rims: ["AB".repeat(32)], checks: { imaPolicy: false }, platformSwComponents: [{ type: "BL1", measurement: "00".repeat(32) }] }),
    );
    expect(p.rims).toEqual(["ab".repeat(32)]);
    expect(p.checks.imaPolicy).toBe(false);
    expect(p.checks.rim).toBe(true);
  });

  it("names the bad key", () => {
    expect(refusal({ checks: { rim: "yes" } })).toMatch(/policy\.checks\.rim/);
    expect(refusal({ checks: { attestEverything: true } })).toMatch(/policy\.checks: unknown key\(s\) "attestEverything"/);
    expect(refusal({ rims: ["abc"] })).toMatch(/policy\.rims\.0/);
    expect(refusal({ endorsedPlatformKeys: ["not a key"] })).toMatch(/policy\.endorsedPlatformKeys\.0: a PEM public key/);
    expect(refusal({ runtimePolicy: { meta: { version: 2 } } })).toMatch(/policy\.runtimePolicy\.meta\.version/);
    expect(refusal({ imaRuntimePolicy: {} })).toMatch(/unknown key\(s\) "imaRuntimePolicy"/);
    expect(refusal("{")).toMatch(/not JSON/);
  });
});
