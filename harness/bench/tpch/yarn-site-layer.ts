// A layer that only changes yarn-site.xml before the daemons start, for a benchmark's own NodeManager settings
// (the builder has no such option): e.g. a longer grace between SIGTERM and SIGKILL, so that an executor recording
// with JFR can write its recording when YARN stops its container.
import type { ClusterLayer, StartedLayer } from "../../cluster/cluster-layer.ts";
import { layerKey } from "../../cluster/cluster-layer.ts";
import type { ClusterPlan } from "../../cluster/cluster-plan.ts";
import { parseHadoopXml, renderHadoopXml } from "../../cluster/hadoop-xml.ts";

export const YARN_SITE_LAYER = layerKey<StartedLayer>("yarn-site");

/** yarn.nodemanager.sleep-delay-before-sigkill.ms (YARN's default 250 ms): the time a container's JVM has to exit. */
export const SIGKILL_DELAY_KEY = "yarn.nodemanager.sleep-delay-before-sigkill.ms";

/** Sets (or overrides) yarn-site.xml properties on every node; records them in the cluster's label. */
export class YarnSiteLayer implements ClusterLayer {
  readonly key = YARN_SITE_LAYER;

  constructor(readonly properties: Readonly<Record<string, string | number | boolean>>) {}

  static of(properties: Readonly<Record<string, string | number | boolean>> | undefined): YarnSiteLayer | undefined {
    return properties && Object.keys(properties).length > 0 ? new YarnSiteLayer(properties) : undefined;
  }

  configure(plan: ClusterPlan): void {
    const props = parseHadoopXml(plan.config.hadoop["yarn-site.xml"] ?? "");
    for (const [k, v] of Object.entries(this.properties)) props.set(k, String(v));
    plan.config.hadoop["yarn-site.xml"] = renderHadoopXml([...props], "yarn-site.xml rendered by shieldlab (with a benchmark's own settings)");
    plan.descriptions[this.key.name] = this.properties;
  }

  async start(): Promise<StartedLayer> {
    return { key: this.key, stop: async () => undefined, [Symbol.asyncDispose]: async () => undefined };
  }
}
