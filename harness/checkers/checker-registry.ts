// Checker specs are data (validated with zod); the registry maps each kind to its implementation.
import { keytabTheftChecker } from "./keytab-theft-checker.ts";
import { kdcLogChecker } from "./kdc-log-checker.ts";
import { kdcOutageChecker } from "./kdc-outage-checker.ts";
import { rmLogChecker } from "./rm-log-checker.ts";
import { daemonKeytabLoginChecker } from "./daemon-keytab-login-checker.ts";
import { submitOutcomeChecker } from "./submit-outcome-checker.ts";
import { yarnRpcProtectionChecker } from "./yarn-rpc-protection-checker.ts";
import { z } from "zod";
import { aclMatrixChecker } from "./acl-matrix-checker.ts";
import { appReportChecker } from "./app-report-checker.ts";
import { appStateChecker } from "./app-state-checker.ts";
import { driverOutputChecker } from "./driver-output-checker.ts";
import type { Checker } from "./checker.ts";
import { piEstimateChecker } from "./pi-estimate-checker.ts";
import { rmKillChecker } from "./rm-kill-checker.ts";
import { rogueRpcChecker } from "./rogue-rpc-checker.ts";
import { standaloneKillChecker } from "./standalone-kill-checker.ts";
import { standaloneOutcomeChecker } from "./standalone-outcome-checker.ts";
import { snoopChecker } from "./snoop-checker.ts";
import { uiTlsChecker } from "./ui-tls-checker.ts";
import { doasInjectionChecker } from "./doas-injection-checker.ts";
import { runJarUnjarChecker } from "./runjar-unjar-checker.ts";
import { configClassChecker } from "./config-class-checker.ts";
import { appLogChecker } from "./app-log-checker.ts";
import { wireCanaryChecker } from "./wire-canary-checker.ts";
import { wireEntropyChecker } from "./wire-entropy-checker.ts";
import { yarnSecretChecker } from "./yarn-secret-checker.ts";
import { generatedSecretChecker } from "./generated-secret-checker.ts";
import { tamperEffectChecker } from "./tamper-effect-checker.ts";
import { deviceKeyChecker } from "./device-key-checker.ts";
import { wireTlsChecker } from "./wire-tls-checker.ts";
import { tamperOutcomeChecker } from "./tamper-outcome-checker.ts";
import { VERIFIER_CHECKS } from "../attest/host/attestation-options.ts";
import { appraisalsChecker, executorFailuresChecker, executorLogChecker, tasksAttestedChecker } from "./attestation-checkers.ts";
import { relyingPartyChecker } from "./relying-party-checker.ts";
import { verifierRestartChecker } from "./verifier-restart-checker.ts";

const stepList = z.array(z.string()).min(1).optional();
/** A JavaScript regular expression (no inline flags such as (?i)), checked when the scenario loads. */
const regexString = z.string().min(1).refine((p) => {
  try {
    new RegExp(p);
    return true;
  } catch {
    return false;
  }
}, "a valid JavaScript regular expression (no inline flags such as (?i))");

export const CheckerSpecSchema = z.discriminatedUnion("kind", [
  z
    .strictObject({
      kind: z.literal("attestation-appraisals"),
      step: z.string(),
      expect: z.enum(["all-affirming", "refused", "none", "affirming-despite-fault"]),
      reason: z.string().optional(),
      node: z.string().optional(),
      skipped: z.enum(VERIFIER_CHECKS).optional(),
      fault: regexString.optional(),
    })
    .refine((c) => c.expect !== "affirming-despite-fault" || (c.skipped !== undefined && c.fault !== undefined), "affirming-despite-fault needs skipped (the check switched off) and fault (its would-be failure)"),
  z
    .strictObject({
      kind: z.literal("executor-failures"),
      step: z.string(),
      exactly: z.number().int().min(0).optional(),
      atLeast: z.number().int().min(0).optional(),
      atMost: z.number().int().min(0).optional(),
      node: z.string().optional(),
    })
    .refine((c) => c.exactly !== undefined || c.atLeast !== undefined || c.atMost !== undefined, "give exactly, atLeast or atMost"),
  z.strictObject({ kind: z.literal("executor-log"), step: z.string(), pattern: regexString, expect: z.enum(["present", "absent"]) }),
  z.strictObject({ kind: z.literal("relying-party"), step: z.string(), expect: z.enum(["refused", "verified", "unenforced"]), reason: regexString.optional() }),
  z.strictObject({ kind: z.literal("verifier-restart"), step: z.string(), expect: z.enum(["state-kept", "state-lost"]) }),
  z.strictObject({ kind: z.literal("tasks-attested"), step: z.string(), minExecutors: z.number().int().min(1), expect: z.enum(["all-attested", "unattested-ran"]) }),
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
    pattern: regexString,
    expect: z.enum(["present", "absent"]).optional(),
  }),
  z.strictObject({ kind: z.literal("ui-tls-outcome"), step: z.string(), expect: z.enum(["https-only", "plain-http"]) }),
  z.strictObject({ kind: z.literal("doas-injection"), step: z.string(), expect: z.enum(["executed", "refused"]), status: z.number().int().min(100).max(599).optional() }),
  z.strictObject({ kind: z.literal("runjar-unjar-outcome"), step: z.string(), expect: z.enum(["readable", "private"]) }),
  z.strictObject({ kind: z.literal("config-class-outcome"), step: z.string(), expect: z.enum(["submitter", "confined"]) }),
  z.strictObject({ kind: z.literal("app-log"), step: z.string(), pattern: regexString }),
  z.strictObject({ kind: z.literal("snoop-outcome"), step: z.string(), expect: z.enum(["read", "blocked", "impossible", "escaped"]) }),
  z.strictObject({ kind: z.literal("acl-matrix"), step: z.string(), aclsOn: z.boolean() }),
  z.strictObject({ kind: z.literal("rogue-rpc-outcome"), step: z.string(), expect: z.enum(["refused", "accepted"]) }),
  z.strictObject({ kind: z.literal("standalone-outcome"), step: z.string(), expect: z.enum(["ran", "refused"]) }),
  z.strictObject({ kind: z.literal("standalone-kill-outcome"), step: z.string(), expect: z.enum(["killed", "refused"]) }),
  z.strictObject({ kind: z.literal("tamper-outcome"), step: z.string(), expect: z.enum(["detected", "undetected"]) }),
  z.strictObject({ kind: z.literal("rm-kill-outcome"), step: z.string(), expect: z.enum(["refused", "allowed"]), status: z.union([z.literal(401), z.literal(403)]).optional() }),
  z.strictObject({ kind: z.literal("app-report-outcome"), step: z.string(), expect: z.enum(["withheld", "visible"]) }),
  z.strictObject({ kind: z.literal("wire-tls"), expect: z.enum(["tls", "none"]), minStreamBytes: z.number().int().min(64) }),
  z.strictObject({ kind: z.literal("yarn-secret-on-wire"), expect: z.enum(["present", "absent"]) }),
  z.strictObject({ kind: z.literal("tamper-effect"), tamper: z.string(), app: z.string() }),
  z.strictObject({ kind: z.literal("device-key-exposure"), step: z.string(), expect: z.enum(["readable", "unreadable"]) }),
  z.strictObject({ kind: z.literal("generated-secret-on-wire"), secret: z.string().regex(/^[a-z][a-z0-9-]*$/), expect: z.enum(["present", "absent"]) }),
  z.strictObject({ kind: z.literal("yarn-rpc-protection"), expect: z.enum(["wrapped", "clear"]) }),
  z.strictObject({ kind: z.literal("keytab-theft-outcome"), step: z.string(), expect: z.enum(["stolen", "refused"]) }),
  z.strictObject({ kind: z.literal("kdc-log"), pattern: regexString, expect: z.enum(["present", "absent"]) }),
  z.strictObject({ kind: z.literal("kdc-outage"), step: z.string() }),
  z.strictObject({ kind: z.literal("rm-log"), step: z.string(), pattern: regexString, expect: z.enum(["present", "absent"]) }),
  z.strictObject({ kind: z.literal("daemon-keytab-login") }),
  z.strictObject({ kind: z.literal("submit-outcome"), step: z.string(), expect: z.enum(["refused", "accepted"]), reason: regexString.optional(), appUser: z.string().optional() }),
  z.strictObject({ kind: z.literal("wire-canary"), canary: z.string().min(8), expect: z.enum(["present", "absent"]) }),
  z.strictObject({
    kind: z.literal("wire-entropy"),
    expect: z.enum(["high", "low"]),
    minBitsPerByte: z.number().min(0).max(8),
    minStreamBytes: z.number().int().min(1024),
  }),
]);
export type CheckerSpec = z.infer<typeof CheckerSpecSchema>;

export const CHECKERS = {
  "attestation-appraisals": appraisalsChecker,
  "executor-failures": executorFailuresChecker,
  "executor-log": executorLogChecker,
  "tasks-attested": tasksAttestedChecker,
  "relying-party": relyingPartyChecker,
  "verifier-restart": verifierRestartChecker,
  "app-state": appStateChecker,
  "pi-estimate": piEstimateChecker,
  "driver-output": driverOutputChecker,
  "rm-kill-outcome": rmKillChecker,
  "app-report-outcome": appReportChecker,
  "rogue-rpc-outcome": rogueRpcChecker,
  "standalone-outcome": standaloneOutcomeChecker,
  "standalone-kill-outcome": standaloneKillChecker,
  "tamper-outcome": tamperOutcomeChecker,
  "acl-matrix": aclMatrixChecker,
  "snoop-outcome": snoopChecker,
  "ui-tls-outcome": uiTlsChecker,
  "doas-injection": doasInjectionChecker,
  "runjar-unjar-outcome": runJarUnjarChecker,
  "config-class-outcome": configClassChecker,
  "app-log": appLogChecker,
  "wire-canary": wireCanaryChecker,
  "yarn-secret-on-wire": yarnSecretChecker,
  "generated-secret-on-wire": generatedSecretChecker,
  "tamper-effect": tamperEffectChecker,
  "device-key-exposure": deviceKeyChecker,
  "yarn-rpc-protection": yarnRpcProtectionChecker,
  "submit-outcome": submitOutcomeChecker,
  "kdc-log": kdcLogChecker,
  "kdc-outage": kdcOutageChecker,
  "rm-log": rmLogChecker,
  "daemon-keytab-login": daemonKeytabLoginChecker,
  "keytab-theft-outcome": keytabTheftChecker,
  "wire-tls": wireTlsChecker,
  "wire-entropy": wireEntropyChecker,
} satisfies Record<CheckerSpec["kind"], Checker<never>>;

export function checkerFor(spec: CheckerSpec): Checker<CheckerSpec> {
  return CHECKERS[spec.kind] as Checker<CheckerSpec>;
}
