// JSON text or an already parsed value → validated by a zod schema; INVALID_INPUT names `where` and each bad key.
import type { z } from "zod";
import { HarnessError } from "../errors/harness-error.ts";
import { formatZodError } from "./zod-format.ts";

export function parseWithSchema<S extends z.ZodType>(schema: S, input: unknown, where: string): z.output<S> {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new HarnessError("INVALID_INPUT", `${where}: not JSON (${(cause as Error).message})`, { cause });
    }
  }
  const r = schema.safeParse(value, { reportInput: true });
  if (!r.success) throw new HarnessError("INVALID_INPUT", `invalid ${where}: ${formatZodError(r.error, where)}`);
  return r.data;
}
