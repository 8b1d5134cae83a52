// Every step kind, once: the workload's discriminated union is built from the modules' schemas and the runner
// dispatches through stepModule(kind). Adding a step kind = its module file + one line here.
import { z } from "zod";
import { aclMatrixStep } from "./acl-matrix-step.ts";
import { appReportReadStep } from "./app-report-read-step.ts";
import { attestFaultStep } from "./attest-fault-step.ts";
import { containerSnoopStep } from "./container-snoop-step.ts";
import { mitmTamperStep } from "./mitm-tamper-step.ts";
import { rmKillStep } from "./rm-kill-step.ts";
import { rogueRpcStep } from "./rogue-rpc-step.ts";
import { standaloneAttackStep } from "./standalone-attack-step.ts";
import { standaloneMasterStartStep } from "./standalone-master-start-step.ts";
import { standaloneSecretHolderStep } from "./standalone-secret-holder-step.ts";
import { standaloneSubmitStep } from "./standalone-submit-step.ts";
import { standaloneUiKillStep } from "./standalone-ui-kill-step.ts";
import { sparkSubmitStep } from "./spark-submit-step.ts";
import type { StepModule } from "./step-module.ts";
import { tamperFileStep } from "./tamper-file-step.ts";
import { uiProbeStep } from "./ui-probe-step.ts";
import { uiDoAsProbeStep } from "./ui-doas-probe-step.ts";
import { runJarUnjarStep } from "./runjar-unjar-step.ts";
import { configClassStep } from "./config-class-step.ts";
import { verifierOutageStep } from "./verifier-outage-step.ts";
import { kdcOutageStep } from "./kdc-outage-step.ts";
import { kerberosLoginStep } from "./kerberos-login-step.ts";
import { keytabTheftStep } from "./keytab-theft-step.ts";
import { proxyGrantStep } from "./proxy-grant-step.ts";
import { verifierRestartStep } from "./verifier-restart-step.ts";
import { deviceKeyTheftStep } from "./device-key-theft-step.ts";

export const STEPS = [
  sparkSubmitStep,
  rmKillStep,
  rogueRpcStep,
  standaloneAttackStep,
  standaloneMasterStartStep,
  standaloneSubmitStep,
  standaloneSecretHolderStep,
  standaloneUiKillStep,
  aclMatrixStep,
  containerSnoopStep,
  uiProbeStep,
  uiDoAsProbeStep,
  runJarUnjarStep,
  configClassStep,
  tamperFileStep,
  attestFaultStep,
  verifierOutageStep,
  verifierRestartStep,
  mitmTamperStep,
  appReportReadStep,
  kdcOutageStep,
  kerberosLoginStep,
  keytabTheftStep,
  proxyGrantStep,
  deviceKeyTheftStep,
] as const;

type SchemasOf<T extends readonly unknown[]> = { -readonly [K in keyof T]: T[K] extends { schema: infer S } ? S : never };

export const WorkloadStepSchema = z.discriminatedUnion("kind", STEPS.map((m) => m.schema) as unknown as SchemasOf<typeof STEPS>);
export type WorkloadStep = z.output<typeof WorkloadStepSchema>;

const BY_KIND = new Map<string, StepModule>(STEPS.map((m) => [m.kind, m as unknown as StepModule]));

/** The module of a step kind (every kind the schema accepts has one). */
export function stepModule(kind: string): StepModule {
  const m = BY_KIND.get(kind);
  if (!m) throw new Error(`no step module for kind ${JSON.stringify(kind)}`);
  return m;
}
