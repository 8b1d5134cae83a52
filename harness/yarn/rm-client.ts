// The ResourceManager REST API (/ws/v1/cluster), called as a given user (simple auth: ?user.name=).
import { HarnessError } from "../errors/harness-error.ts";
import { giveUp, notYet, ready, waitUntil } from "../util/wait-until.ts";

export type YarnAppState = "NEW" | "NEW_SAVING" | "SUBMITTED" | "ACCEPTED" | "RUNNING" | "FINISHED" | "FAILED" | "KILLED";
export type YarnFinalStatus = "UNDEFINED" | "SUCCEEDED" | "FAILED" | "KILLED" | "ENDED";
export const TERMINAL_STATES: readonly YarnAppState[] = ["FINISHED", "FAILED", "KILLED"];

export interface YarnApp {
  id: string;
  user: string;
  name: string;
  queue: string;
  state: YarnAppState;
  finalStatus: YarnFinalStatus;
  diagnostics: string;
  applicationType: string;
  startedTime: number;
  finishedTime: number;
  elapsedTime: number;
  amHostHttpAddress?: string;
  amContainerLogs?: string;
  runningContainers?: number;
}

export interface YarnNode {
  id: string;
  nodeHostName: string;
  /** host:port of the NodeManager's web server */
  nodeHTTPAddress?: string;
  state: string;
  healthReport: string;
  numContainers: number;
  /** The node's labels (partition), when node labels are on. */
  nodeLabels?: string[];
}

export interface RmResponse<T> {
  status: number;
  body: T | undefined;
  text: string;
}

/** How a caller proves who it is to a Kerberized RM: its own ticket (from its keytab), or nothing at all. */
export type RmCredentials = "ticket" | "none";

/** One HTTP call to the RM: `path` is below the web app's root (`/ws/v1/cluster/...?...`). */
export interface RmHttpRequest {
  method: "GET" | "PUT" | "POST";
  path: string;
  body?: string;
  /** The tenant making the call (undefined: the harness itself); `credentials` only matter under SPNEGO. */
  user?: string;
  credentials?: RmCredentials;
}

/** Carries RM calls: plain fetch from this host, or (SPNEGO) curl --negotiate on the gateway with a ticket. */
export type RmTransport = (req: RmHttpRequest) => Promise<{ status: number; text: string }>;

/** Plain HTTP from this host (simple authentication: the RM trusts `user.name`). */
export function fetchTransport(baseUrl: string): RmTransport {
  return async (req) => {
    const res = await fetch(`${baseUrl}${req.path}`, {
      method: req.method,
      headers: { accept: "application/json", ...(req.body ? { "content-type": "application/json" } : {}) },
      body: req.body,
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, text: await res.text() };
  };
}

export class RmClient {
  readonly #transport: RmTransport;

  constructor(
    readonly baseUrl: string,
    /** Default user for calls (simple auth trusts user.name; SPNEGO asks for the user's ticket). */
    readonly user?: string,
    transport?: RmTransport,
    readonly credentials: RmCredentials = "ticket",
    /** The `user.name` the calls carry when it is not `user` (a spoof); simple auth believes it, SPNEGO ignores it. */
    readonly claimedName?: string,
  ) {
    this.#transport = transport ?? fetchTransport(baseUrl);
  }

  /** The same RM as `user`; under Kerberos with that user's own ticket, or (`"none"`) with no credentials at all. */
  as(user: string, credentials: RmCredentials = "ticket"): RmClient {
    return new RmClient(this.baseUrl, user, this.#transport, credentials);
  }

  /** The same caller, claiming to be `name` in `user.name` (what simple authentication takes at its word). */
  claiming(name: string): RmClient {
    return new RmClient(this.baseUrl, this.user, this.#transport, this.credentials, name);
  }

  /** A raw call: never throws on HTTP errors, so attacks can record what came back. */
  async call<T>(method: "GET" | "PUT" | "POST", path: string, body?: unknown): Promise<RmResponse<T>> {
    const url = new URL(`http://rm/ws/v1/cluster${path}`);
    const userName = this.claimedName ?? this.user;
    if (userName) url.searchParams.set("user.name", userName);
    let answer: { status: number; text: string };
    try {
      answer = await this.#transport({ method, path: `${url.pathname}${url.search}`, body: body === undefined ? undefined : JSON.stringify(body), user: this.user, credentials: this.credentials });
    } catch (e) {
      throw new HarnessError("YARN_API_ERROR", `${method} ${url.pathname} on the ResourceManager failed: ${(e as Error).message}`, { cause: e });
    }
    const { text } = answer;
    const res = { status: answer.status };
    let parsed: T | undefined;
    try {
      parsed = text ? (JSON.parse(text) as T) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text };
  }

  async get<T>(path: string): Promise<T> {
    const r = await this.call<T>("GET", path);
    if (r.status !== 200 || r.body === undefined)
      throw new HarnessError("YARN_API_ERROR", `GET ${path} answered HTTP ${r.status}: ${r.text.slice(0, 300)}`);
    return r.body;
  }

  /** The RM's HA state (ACTIVE once it serves clients; a non-HA RM reports it too): GET /info clusterInfo.haState. */
  async haState(): Promise<string | undefined> {
    return (await this.get<{ clusterInfo?: { haState?: string } }>("/info")).clusterInfo?.haState;
  }

  async nodes(state?: "RUNNING" | "UNHEALTHY" | "LOST"): Promise<YarnNode[]> {
    const r = await this.get<{ nodes: { node?: YarnNode[] } | null }>(`/nodes${state ? `?states=${state}` : ""}`);
    return r.nodes?.node ?? [];
  }

  async app(id: string): Promise<YarnApp> {
    return (await this.get<{ app: YarnApp }>(`/apps/${id}`)).app;
  }

  async apps(): Promise<YarnApp[]> {
    return (await this.get<{ apps: { app?: YarnApp[] } | null }>("/apps")).apps?.app ?? [];
  }

  /** PUT .../state {"state":"KILLED"}; the raw answer, for attacks and ACL checks. */
  killApp(id: string): Promise<RmResponse<unknown>> {
    return this.call("PUT", `/apps/${id}/state`, { state: "KILLED" });
  }

  /**
   * Submits a bare YARN application (its AM container runs `command`) through the REST API, as this client's user.
   * Returns the RM's answers; never throws on HTTP errors (ACL probes record what came back).
   */
  async submitProbe(queue: string, command: string, name = "shieldlab-probe", opts: { nodeLabel?: string } = {}): Promise<{ appId?: string; status: number; text: string }> {
    const created = await this.call<{ "application-id": string }>("POST", "/apps/new-application");
    const appId = created.body?.["application-id"];
    if (created.status !== 200 || !appId) return { status: created.status, text: created.text.slice(0, 600) };
    const r = await this.call("POST", "/apps", {
      "application-id": appId,
      "application-name": name,
      "application-type": "SHIELDLAB",
      queue,
      "max-app-attempts": 1,
      "am-container-spec": { commands: { command } },
      resource: { memory: 256, vCores: 1 },
      // a node-label expression for the whole app and its AM (the RM checks the queue may use it)
      ...(opts.nodeLabel === undefined ? {} : { "app-node-label-expression": opts.nodeLabel, "am-container-node-label-expression": opts.nodeLabel }),
    });
    return { appId, status: r.status, text: r.text.slice(0, 600) };
  }

  /** Polls until the app reaches a terminal state (TIMEOUT naming its last state); an RM error ends the wait with its own code. */
  async waitForApp(id: string, timeoutMs = 300_000, onState?: (app: YarnApp) => void, signal?: AbortSignal, intervalMs = 1000): Promise<YarnApp> {
    let rmError: unknown;
    return waitUntil({ what: `application ${id} ended (${TERMINAL_STATES.join(", ")}) in the ResourceManager`, timeoutMs, intervalMs, signal }, async () => {
      const app = await this.app(id).catch((e: unknown) => {
        rmError = e;
        return undefined;
      });
      if (!app) return giveUp((rmError as Error).message);
      onState?.(app);
      return TERMINAL_STATES.includes(app.state) ? ready(app) : notYet(app.state);
    }).catch((e: unknown) => {
      throw rmError ?? e;
    });
  }
}
