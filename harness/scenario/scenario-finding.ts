// The optional `finding` block of a scenario: what it shows when it passes, its control, the fix, the deciding check.
import { z } from "zod";
import { FINDING_KINDS, type Finding } from "../report/results-model.ts";

const scenarioName = z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, "<area>/<id> of another scenario");

/** Validates a finding; a vulnerable finding or documented weakness must name its fix. */
export const FindingSchema = z
  .strictObject({
    kind: z.enum(FINDING_KINDS),
    control: z.union([scenarioName, z.array(scenarioName).min(1)]).optional(),
    fix: z.string().min(1).optional(),
    evidence: z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, "the name of one of the scenario's checkers").optional(),
  })
  .refine((f) => (f.kind !== "vulnerable" && f.kind !== "documented-weakness") || f.fix !== undefined, {
    message: "a vulnerable finding or documented weakness names its fix",
    path: ["fix"],
  }) satisfies z.ZodType<Finding>;
