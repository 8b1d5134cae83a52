// wire-yarn-secret: does the app's Spark secret cross YARN RPC readable on the wire? Under simple auth it does.
import { isYarnStream, loadCaptures } from "../wire/capture-analysis.ts";
import { findSparkSecrets } from "../wire/yarn-secret-scan.ts";
import type { Checker, CheckResult } from "./checker.ts";

export interface YarnSecretSpec {
  kind: "yarn-secret-on-wire";
  expect: "present" | "absent";
}

export function yarnSecretOnWire(expect: YarnSecretSpec["expect"]): YarnSecretSpec {
  return { kind: "yarn-secret-on-wire", expect };
}

export const yarnSecretChecker: Checker<YarnSecretSpec> = {
  kind: "yarn-secret-on-wire",
  check(spec, ev): CheckResult {
    const caps = loadCaptures(ev.pcapsDir);
    const yarnBytes = caps.reduce((n, c) => n + c.streams.filter(isYarnStream).reduce((m, s) => m + s.data.length, 0), 0);
    if (caps.length === 0 || yarnBytes === 0) return { valid: "unknown", message: "no YARN RPC traffic was captured" };
    const sightings = caps.flatMap((c) => findSparkSecrets(c.streams.filter(isYarnStream)).map((x) => ({ node: c.node, pcap: c.file, ...x })));
    const distinct = new Set(sightings.map((x) => x.secretSha256));
    const present = sightings.length > 0;
    const message = present
      ? `vulnerable: the app secret (sparkCookie, ${sightings[0]!.secretLength} bytes, ${distinct.size} distinct value(s)) crosses YARN RPC in plaintext ${sightings.length}×, first ${sightings[0]!.node} ${sightings[0]!.stream} at pcap offset ${sightings[0]!.fileOffset}. Fix: Kerberos with hadoop.rpc.protection=privacy (SASL-encrypted Hadoop RPC)`
      : `no sparkCookie credential in ${(yarnBytes / 1e3).toFixed(0)} KB of YARN RPC`;
    return { valid: present === (spec.expect === "present"), message: `${message}; expected ${spec.expect}`, evidence: { sightings: sightings.slice(0, 10), yarnRpcBytes: yarnBytes } };
  },
};
