import { defineScenario, deviceKeyExposure, deviceKeyTheft } from "../../harness/index.ts";
import { ONE_NODE, attested } from "../../fixtures/attestation/attested-pi.ts";

// Control of att-device-key-theft: the earlier layout, the device inside the NodeManager's container; the same probe
// in a tenant's YARN container reads the device's private key (its sha256 matches the key the harness gave the device),
// so an executor could sign its own token. Shows the probe finds the key where it is.
const base = attested();
export default defineScenario({
  name: "attestation/att-device-key-theft-control",
  description: "control: device in the NodeManager's container (in-node layout); the same probe reads the device's private key",
  topology: ONE_NODE,
  ...base,
  attestation: { ...base.attestation, deviceLayout: "in-node" },
  workload: [deviceKeyTheft({ tenant: "alice", node: "nm-1" })],
  finding: { kind: "control", evidence: "key" },
  checkers: {
    key: deviceKeyExposure("key-theft", "readable"),
  },
});
