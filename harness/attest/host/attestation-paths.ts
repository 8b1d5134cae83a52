// Where the attestation layer puts things: the verifier's node name and ports, and the files in each NodeManager.
import { SHARED_DIR } from "../../cluster/cluster-config.ts";

export const VERIFIER_NODE = "verifier";
export const VERIFIER_PORT = 8443;
export const VERIFIER_ADMIN_PORT = 8081;
export const VERIFIER_CERT = `${SHARED_DIR}/attest/verifier-cert.pem`;
export const ATTEST_DIR = "/opt/shieldlab/attest";
export const TSM_ROOT = "/run/shieldlab/tsm/report";
export const IMA_DIR = "/run/shieldlab/ima";
export const FAULTS_FILE = "/run/shieldlab/faults.json";
export const CONTROL_FILE = "/run/shieldlab/control";
export const READY_FILE = "/run/shieldlab/device-ready";
export const DEVICE_LOG = "/var/log/shieldlab/cca-device.log";
export const EVENT_LOG_DIR = `${SHARED_DIR}/eventlog`;
/** In the device's container: the CPAK (sidecar layout: never in the NodeManager's). */
export const CPAK_IN_NODE = "/etc/shieldlab/cca/cpak.pem";
/** Sidecar layout: the NodeManager's own volume that it shares with its device (configfs-tsm, IMA log, event socket). */
export const REALM_VOLUME = "realm";
export const REALM_DIR = "/run/shieldlab/realm";
/** Where the node's open-capture helper (ima-fanotify.py --out-socket) sends its events to the device. */
export const REALM_EVENT_SOCKET = `${REALM_DIR}/ima-events.sock`;
/** The node's open-capture helper's own output (sidecar layout). */
export const FANOTIFY_LOG = "/var/log/shieldlab/ima-fanotify.log";
export const POLICY_IN_NODE = "/etc/shieldlab/ima-policy";
