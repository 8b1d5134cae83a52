// Flag values of the CLI that need more than citty's parsing: validated at the edge with INVALID_INPUT (exit 2).
import { HarnessError } from "../errors/harness-error.ts";

/** --repeat: a whole number from 1 to 100. */
export function parseRepeat(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 100)
    throw new HarnessError("INVALID_INPUT", `--repeat must be a whole number from 1 to 100, got ${JSON.stringify(value)}`, {
      hint: "e.g. `npx shieldlab run tenancy/ --repeat 5`",
    });
  return n;
}
