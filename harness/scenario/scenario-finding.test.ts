import { describe, expect, it } from "vitest";
import { loadAllScenarios } from "./scenario-loader.ts";
import { FindingSchema } from "./scenario-finding.ts";

describe("FindingSchema", () => {
  it("takes a finding with its control, fix and deciding checker", () => {
    expect(FindingSchema.safeParse({ kind: "defended", control: "wire/wire-plain", evidence: "canary" }).success).toBe(true);
    expect(FindingSchema.safeParse({ kind: "defended", control: ["a/b", "a/c"] }).success).toBe(true);
  });

  it("refuses a vulnerable finding without its fix, an unknown kind, a control that is no scenario name, an extra key", () => {
    expect(FindingSchema.safeParse({ kind: "vulnerable" }).success).toBe(false);
    expect(FindingSchema.safeParse({ kind: "documented-weakness", evidence: "x" }).success).toBe(false);
    expect(FindingSchema.safeParse({ kind: "secure" }).success).toBe(false);
    expect(FindingSchema.safeParse({ kind: "control", control: "wire-plain" }).success).toBe(false);
    expect(FindingSchema.safeParse({ kind: "control", why: "x" }).success).toBe(false);
  });
});

describe("the scenarios' findings", () => {
  it("every scenario states one; its evidence is one of its checkers; its controls exist; every defence has a control and every control a finding", async () => {
    const all = await loadAllScenarios();
    const byName = new Map(all.map((s) => [s.name, s]));
    const named = new Set<string>();
    for (const s of all) {
      expect(s.finding, `${s.name} has a finding`).toBeDefined();
      const f = s.finding!;
      if (f.evidence) expect(Object.keys(s.checkers), `${s.name}: finding.evidence`).toContain(f.evidence);
      const controls = [f.control ?? []].flat();
      for (const c of controls) {
        expect(byName.has(c), `${s.name}: control ${c} exists`).toBe(true);
        expect(c).not.toBe(s.name);
        named.add(c);
      }
      if (f.kind === "defended") expect(controls.length, `${s.name}: a defence names its control`).toBeGreaterThan(0);
    }
    for (const s of all.filter((x) => x.finding?.kind === "control")) expect(named.has(s.name), `${s.name} is named as some scenario's control`).toBe(true);
  });
});
