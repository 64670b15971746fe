import type { EnvironmentPlan, TopologyPlan, TopologySpec } from "../../constructs/topology";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/**
 * The default topology (config/default.yaml): onprem runs a, b, f and e's standby; cloud runs c, d
 * and e (its home). Upstream ports come from a hash of the callee name: b=20849 c=20446 d=18431 e=18028 f=19237.
 */
export function defaultSpec(): Mutable<TopologySpec> {
  return {
    environments: [
      { name: "cloud", reachableFrom: ["onprem"] },
      { name: "onprem", reachableFrom: ["cloud"] },
    ],
    peerings: [{ acceptor: "cloud", dialer: "onprem" }],
    services: [
      { name: "a", environments: ["onprem"], port: 8080, entrypoint: true },
      { name: "b", environments: ["onprem"], port: 8080 },
      { name: "f", environments: ["onprem"], port: 8080 },
      { name: "c", environments: ["cloud"], port: 8080 },
      { name: "d", environments: ["cloud"], port: 8080 },
      { name: "e", environments: ["cloud", "onprem"], port: 8080 },
    ],
    calls: [
      { from: "a", to: "b" },
      { from: "a", to: "c" },
      { from: "c", to: "d" },
      { from: "d", to: "e" },
      { from: "e", to: "f" },
    ],
    failover: [{ service: "e", from: "cloud", to: "onprem" }],
  };
}

export function envOf(plan: TopologyPlan, name: string): EnvironmentPlan {
  const env = plan.environments.find((e) => e.name === name);
  if (!env) throw new Error(`no environment ${name} in the plan`);
  return env;
}

export { problemsOf } from "../support/errors";
