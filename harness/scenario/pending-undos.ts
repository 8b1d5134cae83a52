// The undos registered by steps (ctx.onUndo) that have not run yet, process-wide: the scenario runner runs them after
// the workload, also on the first Ctrl-C; a second Ctrl-C (which exits at once) runs what is still pending first, so
// a change to a cluster the harness did not build (a target) is put back even then. Each undo runs at most once.

interface Pending {
  what: string;
  run: () => Promise<void>;
}

const pending = new Set<Pending>();

/** Tracks an undo; `run` runs it once (later calls share the first run), and it is no longer pending once run. */
export function trackUndo(what: string, undo: () => Promise<void>): { run: () => Promise<void> } {
  let running: Promise<void> | undefined;
  const entry: Pending = {
    what,
    run: () => {
      pending.delete(entry);
      running ??= undo();
      return running;
    },
  };
  pending.add(entry);
  return { run: entry.run };
}

/** What is still to undo, oldest first. */
export function pendingUndos(): string[] {
  return [...pending].map((p) => p.what);
}

/** Runs every pending undo, newest first, each at most `timeoutMs`; returns what failed or timed out. */
export async function runPendingUndos(timeoutMs = 15_000): Promise<string[]> {
  const failed: string[] = [];
  for (const p of [...pending].reverse()) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    try {
      await Promise.race([p.run(), timeout]);
    } catch (e) {
      failed.push(`${p.what}: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
  return failed;
}
