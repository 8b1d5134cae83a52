// Turns a zod error into one line per problem, each naming its key path and what was allowed.
// Parse with `{ reportInput: true }` so that the line can also say what was received.
import type { z } from "zod";

export function formatZodError(error: z.ZodError, prefix = ""): string {
  return zodProblems(error, prefix).join("; ");
}

/** Every problem zod found, one string per issue, each starting with its key path. */
export function zodProblems(error: z.ZodError, prefix = ""): string[] {
  return formatIssues(error.issues, [prefix]);
}

/** "<where>: <problem>" for one problem; "<where>: N problems:" and one indented line per problem for several. */
export function listProblems(where: string, problems: readonly string[]): string {
  if (problems.length === 1) return `${where}: ${problems[0]}`;
  return `${where}: ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}

function formatIssues(issues: readonly z.core.$ZodIssue[], base: readonly PropertyKey[]): string[] {
  return issues.flatMap((issue) => {
    const at = [...base, ...issue.path];
    // a union none of whose options matched: explain the option that got furthest, not just "Invalid input"
    if (issue.code === "invalid_union" && issue.errors.length > 0) return formatIssues(closestOption(issue.errors), at);
    const path = at.map(String).filter((p) => p !== "").join(".");
    return [`${path || "(root)"}: ${describeIssue(issue)}`];
  });
}

/** The union option whose issues reach deepest into the input; on a tie, one that did not fail on the input's type. */
function closestOption(options: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] {
  const depth = (issues: readonly z.core.$ZodIssue[]): number => Math.max(0, ...issues.map((i) => i.path.length));
  const typeMiss = (issues: readonly z.core.$ZodIssue[]): boolean => issues.some((i) => i.code === "invalid_type" && i.path.length === 0);
  return [...options].sort((a, b) => depth(b) - depth(a) || Number(typeMiss(a)) - Number(typeMiss(b)))[0]!;
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

/** ", got <value>" for a received scalar (objects and arrays would drown the message). */
function received(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  return input === null || ["string", "number", "boolean"].includes(typeof input) ? `, got ${JSON.stringify(input)}` : "";
}
