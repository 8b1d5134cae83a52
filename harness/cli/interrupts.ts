// Ctrl-C handling: the first signal aborts the run (undo, teardown, reports kept); a second one runs the undos still
// pending, removes this process's containers and exits; a third exits at once. Either way the exit code is 130.
import { reap } from "../engine/reaper.ts";
import { pendingUndos, runPendingUndos } from "../scenario/pending-undos.ts";
import { EXIT } from "./exit-codes.ts";

let received: NodeJS.Signals | undefined;

/** True once SIGINT or SIGTERM arrived (the command then exits 130, whatever else happened). */
export function wasInterrupted(): boolean {
  return received !== undefined;
}

export function installInterruptHandler(onFirst: () => void): AbortSignal {
  const controller = new AbortController();
  let count = 0;
  const handler = (sig: NodeJS.Signals): void => {
    count++;
    received = sig;
    process.exitCode = EXIT.interrupted;
    if (count === 1) {
      process.stderr.write(`\n[shieldlab] ${sig}: stopping — tearing the cluster down and writing reports (again to force)\n`);
      controller.abort(new Error(`interrupted by ${sig}`));
      onFirst();
      return;
    }
    if (count > 2) process.exit(EXIT.interrupted);
    // what steps changed on a cluster (a target's configuration above all) goes back before anything is removed
    const undos = pendingUndos();
    process.stderr.write(`\n[shieldlab] ${sig} again: ${undos.length ? `undoing ${undos.join("; ")}, then ` : ""}removing this run's containers and exiting${undos.length ? " (again to exit at once)" : ""}\n`);
    void runPendingUndos(15_000)
      .then((failed) => {
        if (failed.length > 0) process.stderr.write(`[shieldlab] NOT undone (put back by hand): ${failed.join("; ")}\n`);
      })
      .then(() => {
        const timeout = setTimeout(() => process.exit(EXIT.interrupted), 15_000);
        return reap({ keepLiveOwners: true, keepKept: true }).finally(() => clearTimeout(timeout));
      })
      .finally(() => process.exit(EXIT.interrupted));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return controller.signal;
}

/** For a benchmark: a run cut short has no figures to report, so the first Ctrl-C removes its cluster (this process's
 * containers) and exits 130; what was written so far stays under artifacts/bench/. */
export function installBenchInterruptHandler(): void {
  installInterruptHandler(() => {
    const timeout = setTimeout(() => process.exit(EXIT.interrupted), 20_000);
    void reap({ keepLiveOwners: true, keepKept: true }).finally(() => {
      clearTimeout(timeout);
      process.exit(EXIT.interrupted);
    });
  });
}
