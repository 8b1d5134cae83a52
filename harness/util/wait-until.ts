// The one wait of the harness: poll until a probe says ready, or fail naming what, how long and the last state seen.
import { setTimeout as sleepTimer } from "node:timers/promises";
import { HarnessError, type HarnessErrorCode } from "../errors/harness-error.ts";

/** What one poll saw: the awaited value, a state that may still change, or an end that no wait will mend. */
export type Probe<T> = { ready: true; value: T } | { ready: false; state: string } | { ready: "never"; reason: string };

export const ready = <T>(value: T): Probe<T> => ({ ready: true, value });
export const notYet = (state: string): Probe<never> => ({ ready: false, state });
/** The awaited state cannot come any more (the app ended, the process exited): stop waiting now. */
export const giveUp = (reason: string): Probe<never> => ({ ready: "never", reason });

export interface WaitOptions {
  /** What is awaited, as a reader sees it: "application_… RUNNING in the RM". */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** The error code of a timeout or give-up; the caller's to choose (default TIMEOUT). */
  code?: HarnessErrorCode;
  /** A probe that throws is retried (its message is the last state) unless this is false. */
  retryErrors?: boolean;
  signal?: AbortSignal;
  /** Tail of the relevant log, fetched only when the wait fails. */
  logTail?: () => Promise<string | undefined>;
}

/** Polls `probe` every `intervalMs` until it is ready; throws HarnessError(code) on timeout, give-up or abort. */
export async function waitUntil<T>(o: WaitOptions, probe: () => Promise<Probe<T>> | Probe<T>): Promise<T> {
  const interval = o.intervalMs ?? 500;
  const started = Date.now();
  const deadline = started + o.timeoutMs;
  let last = "not polled yet";
  let polls = 0;
  const fail = async (message: string, code: HarnessErrorCode, cause?: unknown): Promise<never> => {
    const logTail = await o.logTail?.().catch(() => undefined);
    throw new HarnessError(code, message, { cause, logTail });
  };
  for (;;) {
    if (o.signal?.aborted) return fail(`${o.what}: interrupted after ${seconds(Date.now() - started)} (last state: ${last})`, "INTERRUPTED");
    polls++;
    let p: Probe<T>;
    try {
      p = await probe();
    } catch (e) {
      if (o.retryErrors === false) return fail(`${o.what}: ${(e as Error).message}`, o.code ?? "TIMEOUT", e);
      p = notYet(`error: ${(e as Error).message}`);
    }
    if (p.ready === true) return p.value;
    if (p.ready === "never") return fail(`${o.what}: will not happen: ${p.reason} (after ${seconds(Date.now() - started)})`, o.code ?? "TIMEOUT");
    last = p.state;
    const left = deadline - Date.now();
    if (left <= 0) return fail(`${o.what}: not within ${seconds(o.timeoutMs)} (${polls} polls every ${interval} ms); last state: ${last}`, o.code ?? "TIMEOUT");
    await sleep(Math.min(interval, left), o.signal);
  }
}

/** A pause that ends early (without throwing) when the signal aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await sleepTimer(ms, undefined, { signal }).catch(() => undefined);
}

function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}
