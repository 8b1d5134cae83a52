// Turns a zod error into one line per problem, each naming its key path and what was allowed.
import type { z } from "zod";

export function formatZodError(error: z.ZodError, prefix = ""): string {
  return error.issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter((p) => p !== "").join(".");
      return `${path || "(root)"}: ${describeIssue(issue)}`;
    })
    .join("; ");
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}${received(issue)}`;
    case "unrecognized_keys":
      return `unknown key(s) ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
    default:
      return `${issue.message}${received(issue)}`;
  }
}

function received(issue: z.core.$ZodIssue): string {
  return "input" in issue && issue.input !== undefined ? `, got ${JSON.stringify(issue.input)}` : "";
}
