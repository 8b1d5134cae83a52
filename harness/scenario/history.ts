// A run's history: every action is an operation (invoke → ok | fail | info), as in Jepsen.
export type OpType = "invoke" | "ok" | "fail" | "info";

export interface Operation {
  index: number;
  type: OpType;
  /** What was done: "submit", "wait-app", "kill", … */
  f: string;
  /** The step that did it. */
  step: string;
  value?: unknown;
  error?: string;
  time: number;
}

export class History {
  readonly ops: Operation[] = [];
  readonly #t0 = Date.now();

  add(op: Omit<Operation, "index" | "time">): Operation {
    const full = { ...op, index: this.ops.length, time: Date.now() - this.#t0 };
    this.ops.push(full);
    return full;
  }

  /** Records invoke, runs fn, records ok (or fail/info from the thrown error); never throws. */
  async record<T>(step: string, f: string, value: unknown, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    this.add({ type: "invoke", f, step, value });
    try {
      const v = await fn();
      this.add({ type: "ok", f, step, value: v });
      return { ok: true, value: v };
    } catch (e) {
      // an error we did not expect leaves the outcome unknown: "info", not "fail"
      this.add({ type: "info", f, step, error: e instanceof Error ? e.message : String(e) });
      return { ok: false, error: e };
    }
  }

  completed(step: string, f?: string): Operation | undefined {
    return this.ops.find((o) => o.step === step && (f === undefined || o.f === f) && o.type !== "invoke");
  }
}
