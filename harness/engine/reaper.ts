// Removes containers and networks labelled shieldlab.session: leftovers of crashed runs, or everything on `down`.
import { docker } from "./docker-engine.ts";
import { KEEP_LABEL, PID_LABEL, SESSION_LABEL } from "./session.ts";

export interface ReapResult {
  containers: string[];
  networks: string[];
}

export interface ReapOptions {
  /** Only this session's resources. */
  sessionId?: string;
  /** Keep resources whose creating process is still alive (another run in progress, or `up --keep`). */
  keepLiveOwners?: boolean;
  /** Keep resources started with --keep (start-up reaping); `down` sets this false. */
  keepKept?: boolean;
}

function ownerAlive(labels: Record<string, string> | undefined): boolean {
  const pid = Number(labels?.[PID_LABEL]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function reap(options: ReapOptions = {}): Promise<ReapResult> {
  const filter = options.sessionId ? `${SESSION_LABEL}=${options.sessionId}` : SESSION_LABEL;
  const keep = (labels: Record<string, string> | undefined): boolean =>
    (options.keepKept === true && labels?.[KEEP_LABEL] === "true") ||
    (options.keepLiveOwners === true && ownerAlive(labels));
  const result: ReapResult = { containers: [], networks: [] };
  const containers = await docker().listContainers({ all: true, filters: { label: [filter] } });
  await Promise.all(
    containers
      .filter((c) => !keep(c.Labels))
      .map(async (c) => {
        await docker().getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined);
        result.containers.push(c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12));
      }),
  );
  const networks = await docker().listNetworks({ filters: { label: [filter] } });
  for (const n of networks.filter((n) => !keep(n.Labels))) {
    await docker().getNetwork(n.Id).remove().catch(() => undefined);
    result.networks.push(n.Name);
  }
  const volumes = await docker().listVolumes({ filters: { label: [filter] } });
  for (const v of (volumes.Volumes ?? []).filter((v) => !keep(v.Labels ?? undefined))) {
    await docker().getVolume(v.Name).remove().catch(() => undefined);
  }
  return result;
}
