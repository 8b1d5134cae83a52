// Appraises a measurement log against a Keylime runtime policy: every measured path allowed, excluded, or a failure.
import { BOOT_AGGREGATE, isViolation, type ImaLogEntry } from "./ima-template.ts";
import { templateHashMismatches } from "./ima-replay.ts";
import { excludeMatcher, type RuntimePolicy } from "./keylime-runtime-policy.ts";

export type AppraisalFailureKind = "not_in_allowlist" | "digest_mismatch" | "violation" | "template_hash_mismatch" | "boot_aggregate_mismatch";

export interface AppraisalFailure {
  index: number;
  path: string;
  kind: AppraisalFailureKind;
  detail: string;
}

export interface AppraisalResult {
  ok: boolean;
  /** Entries compared with the allowlist, and entries skipped by an exclude. */
  checked: number;
  excluded: number;
  failures: AppraisalFailure[];
}

export interface AppraiseOptions {
  /** Expected boot_aggregate digest (hex; on virtCCA the RIM) when the policy has no boot_aggregate entry. */
  bootAggregate?: string;
}

/** Per-entry appraisal as Keylime's ima-ng validator does it; boot_aggregate is checked against the policy or `bootAggregate`. */
export function appraiseLog(entries: readonly ImaLogEntry[], policy: RuntimePolicy, options: AppraiseOptions = {}): AppraisalResult {
  const excluded = excludeMatcher(policy.excludes);
  const failures: AppraisalFailure[] = templateHashMismatches(entries).map((m) => ({
    index: m.index,
    path: entries[m.index]!.path,
    kind: "template_hash_mismatch" as const,
    detail: `recorded template hash ${m.recorded}, SHA-1 of the template data is ${m.computed}`,
  }));
  let checked = 0;
  let skipped = 0;
  for (const [index, e] of entries.entries()) {
    const hex = e.digest.toString("hex");
    if (index === 0 && e.path === BOOT_AGGREGATE && !policy.digests[BOOT_AGGREGATE]) {
      checked++;
      if (options.bootAggregate !== undefined && options.bootAggregate.toLowerCase() !== hex)
        failures.push({ index, path: e.path, kind: "boot_aggregate_mismatch", detail: `boot_aggregate ${hex}, expected ${options.bootAggregate.toLowerCase()}` });
      continue;
    }
    if (excluded(e.path)) {
      skipped++;
      continue;
    }
    checked++;
    const allowed = policy.digests[e.path];
    if (isViolation(e)) failures.push({ index, path: e.path, kind: "violation", detail: `a measurement violation (ToMToU or open-writers) was logged for ${e.path}` });
    else if (!allowed) failures.push({ index, path: e.path, kind: "not_in_allowlist", detail: `${e.path} is not in the runtime policy` });
    else if (!allowed.includes(hex)) failures.push({ index, path: e.path, kind: "digest_mismatch", detail: `${e.algo}:${hex} is not among the ${allowed.length} allowed digest(s)` });
  }
  failures.sort((a, b) => a.index - b.index);
  return { ok: failures.length === 0, checked, excluded: skipped, failures };
}
