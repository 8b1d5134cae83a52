// Checker specs are data (validated with zod); the registry maps each kind to its implementation.
import { z } from "zod";
import { appStateChecker } from "./app-state-checker.ts";
import { driverOutputChecker } from "./driver-output-checker.ts";
import type { Checker } from "./checker.ts";
import { piEstimateChecker } from "./pi-estimate-checker.ts";

const stepList = z.array(z.string()).min(1).optional();

export const CheckerSpecSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("app-state"),
    steps: stepList,
    state: z.enum(["FINISHED", "FAILED", "KILLED"]),
    finalStatus: z.enum(["SUCCEEDED", "FAILED", "KILLED"]).optional(),
    diagnosticsContains: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal("pi-estimate"), steps: stepList, tolerance: z.number().positive() }),
  z.strictObject({
    kind: z.literal("driver-output"),
    steps: stepList,
    pattern: z.string().min(1).refine((p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    }, "a valid regular expression"),
  }),
]);
export type CheckerSpec = z.infer<typeof CheckerSpecSchema>;

export const CHECKERS = {
  "app-state": appStateChecker,
  "pi-estimate": piEstimateChecker,
  "driver-output": driverOutputChecker,
} satisfies Record<CheckerSpec["kind"], Checker<never>>;

export function checkerFor(spec: CheckerSpec): Checker<CheckerSpec> {
  return CHECKERS[spec.kind] as Checker<CheckerSpec>;
}
