import { describe, expect, it } from "vitest";
import { STEPS, stepModule, WorkloadStepSchema } from "./step-registry.ts";

describe("step registry", () => {
  it("has one module per kind, each schema's kind literal being the module's kind", () => {
    const kinds = STEPS.map((m) => m.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const m of STEPS) {
      expect(m.schema.shape.kind.value).toBe(m.kind);
      expect(stepModule(m.kind)).toBe(m);
    }
  });

  it("parses every kind through the union, and names the kinds when one is unknown", () => {
    expect(WorkloadStepSchema.parse({ kind: "app-report-read", id: "r", reader: "tim", target: "john-pi" }).kind).toBe("app-report-read");
    const r = WorkloadStepSchema.safeParse({ kind: "teleport", id: "x" });
    expect(r.success).toBe(false);
    expect(() => stepModule("teleport")).toThrow(/no step module for kind "teleport"/);
  });
});
