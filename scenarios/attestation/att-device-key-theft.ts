import { defineScenario, deviceKeyExposure, deviceKeyTheft } from "../../harness/index.ts";
import { ONE_NODE, attested } from "../../fixtures/attestation/attested-pi.ts";

// att-device-key-theft — the root of trust out of the executors' reach: YARN containers run as the NodeManager's user
// (root here: no LinuxContainerExecutor), so the emulated device keeps its keys, faults and control in a sidecar of its
// own (the default layout) and shares only the configfs-tsm, IMA-log and event-socket folders with the node, as an RMM's
// keys never enter the realm. Code in a tenant's YARN container looks for the device's key beside that interface and
// finds none. Control: att-device-key-theft-control, the earlier in-node layout, where the same probe reads the key.
export default defineScenario({
  name: "attestation/att-device-key-theft",
  description: "device in its own container: a tenant's YARN container (root in the NodeManager) finds no device key, fault or control file, and no device process, beside the device's configfs-tsm interface",
  topology: ONE_NODE,
  ...attested(),
  workload: [deviceKeyTheft({ tenant: "alice", node: "nm-1" })],
  finding: {
    kind: "defended",
    control: "attestation/att-device-key-theft-control",
    evidence: "key",
    fix: "keep the device (RMM) keys outside the node the executors run on",
  },
  checkers: {
    key: deviceKeyExposure("key-theft", "unreadable"),
  },
});
