// Test helper: what is still labelled shieldlab.session on the engine.
import { docker } from "../harness/engine/docker-engine.ts";
import { SESSION_LABEL } from "../harness/engine/session.ts";

export async function leftovers(): Promise<{ containers: string[]; networks: string[] }> {
  const containers = await docker().listContainers({ all: true, filters: { label: [SESSION_LABEL] } });
  const networks = await docker().listNetworks({ filters: { label: [SESSION_LABEL] } });
  return { containers: containers.map((c) => c.Names[0] ?? c.Id), networks: networks.map((n) => n.Name) };
}
