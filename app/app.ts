import { App, TerraformStack } from "cdktf";
import type { MeshConfig } from "../config/types";
import { MeshValidationError } from "../constructs/errors";
import { deriveTopology, type TopologyPlan, type TopologySpec } from "../constructs/topology";
import { applyBackend } from "../infra/backend";
import { clusterConsulStack, clusterMeshStack, peerAccess } from "./cluster-stacks";
import { describeTarget } from "./describe";
import { environmentKind, type EnvContext } from "./environments";
import { mustFind, mustGet } from "../constructs/private/maps";

/** A stack with what the summary says about it. */
export interface StackEntry {
  readonly id: string;
  readonly stack: TerraformStack;
  readonly env: string;
  readonly role: "infra" | "consul" | "mesh";
  /** Where it deploys to. */
  readonly target: string;
}

export interface MeshApp {
  readonly app: App;
  /** In deploy order. */
  readonly stacks: readonly StackEntry[];
  readonly plan: TopologyPlan;
  readonly contexts: readonly EnvContext[];
}

/**
 * The declared topology in the library's terms. A gateway is reachable from every other
 * environment unless its kind says why not.
 */
function topologySpec(config: MeshConfig, contexts: readonly EnvContext[]): TopologySpec {
  return {
    environments: contexts.map((ctx) => {
      const hint = environmentKind(ctx).unreachableHint(ctx);
      const reachableFrom = hint === undefined ? contexts.map((c) => c.name).filter((n) => n !== ctx.name) : [];
      return { name: ctx.name, reachableFrom, unreachableHint: hint };
    }),
    peerings: config.peerings,
    services: config.services,
    calls: config.calls,
    failover: config.failover,
    externalServices: config.externalServices,
    upstreamPortBase: config.upstreamPortBase,
  };
}

/**
 * Builds every stack from the config, in deploy order: each environment's infra, then each
 * Consul release, then the mesh objects (acceptors before dialers). Throws MeshValidationError
 * for a bad topology before any stack exists.
 */
export function buildApp(config: MeshConfig, outdir: string): MeshApp {
  const { project, connectivity } = config;
  const contexts: EnvContext[] = Object.entries(config.environments).map(([name, env]) => ({
    name,
    env,
    project,
    connectivity,
    externalServices: config.externalServices.filter((e) => e.environment === name),
  }));
  assertUniqueStackIds(contexts);
  const plan = deriveTopology(topologySpec(config, contexts));
  const app = new App({ outdir });
  const stacks: StackEntry[] = [];
  const add = (entry: StackEntry) => {
    applyBackend(entry.stack, entry.id, config.environments[entry.env].backend);
    stacks.push(entry);
    return entry.stack;
  };

  const planOf = (ctx: EnvContext) => mustFind(plan.environments, (e) => e.name === ctx.name, `plan for ${ctx.name}`);
  // Derived across environments once, here: the networks the VPN routes to on-prem.
  const vpnRoutedCidrs = contexts.flatMap((ctx) => environmentKind(ctx).vpnRoutedCidrs?.(ctx.env) ?? []);
  const infra = new Map<string, TerraformStack>();
  for (const ctx of contexts) {
    const kind = environmentKind(ctx);
    const id = kind.infraStackId(ctx);
    const stack = kind.createInfraStack(app, ctx, { plan: planOf(ctx), vpnRoutedCidrs });
    infra.set(ctx.name, add({ id, stack, env: ctx.name, role: "infra", target: describeTarget(ctx) }));
  }
  const consul = new Map<string, TerraformStack>();
  for (const ctx of contexts) {
    const id = consulStackId(ctx);
    const { stacks: own, cluster } = environmentKind(ctx);
    const created = own
      ? own.createConsulStack(app, id, ctx, mustGet(infra, ctx.name))
      : clusterConsulStack(app, id, ctx, cluster);
    const stack = add({ id, stack: created, env: ctx.name, role: "consul", target: describeTarget(ctx) });
    stack.addDependency(mustGet(infra, ctx.name));
    consul.set(ctx.name, stack);
  }
  const dialers = new Set(config.peerings.map((p) => p.dialer));
  const meshOrder = [...contexts].sort((a, b) => Number(dialers.has(a.name)) - Number(dialers.has(b.name)));
  const mesh = new Map<string, TerraformStack>();
  for (const ctx of meshOrder) {
    const id = meshStackId(ctx);
    // Derived across environments once, here: each acceptor this one dials, with its cluster.
    const dialsTo = config.peerings
      .filter((p) => p.dialer === ctx.name)
      .map((p) =>
        peerAccess(
          mustFind(contexts, (c) => c.name === p.acceptor, `environment ${p.acceptor}`),
          p.version,
        ),
      );
    const input = { plan: planOf(ctx), dialsTo };
    const { stacks: own, cluster } = environmentKind(ctx);
    const created = own
      ? own.createMeshStack(app, id, ctx, mustGet(consul, ctx.name), input)
      : clusterMeshStack(app, id, ctx, cluster, input);
    const stack = add({ id, stack: created, env: ctx.name, role: "mesh", target: describeTarget(ctx) });
    stack.addDependency(mustGet(consul, ctx.name));
    for (const p of dialsTo) {
      // The acceptor's Mesh (peer through gateways) and its CRDs must exist before dialing.
      stack.addDependency(mustGet(consul, p.name));
      const acceptorMesh = mesh.get(p.name);
      if (acceptorMesh) stack.addDependency(acceptorMesh);
    }
    mesh.set(ctx.name, stack);
  }
  return { app, stacks, plan, contexts };
}

const consulStackId = (ctx: EnvContext) => `consul-${ctx.name}`;
const meshStackId = (ctx: EnvContext) => `mesh-${ctx.name}`;

/**
 * Stack ids are derived from environment names, so two names can collide (an eks "mesh" has the
 * infra stack "mesh-infra", and so has the mesh stack of an environment "infra"). Report it at the
 * environment, instead of cdktf's construct-name error.
 */
function assertUniqueStackIds(contexts: readonly EnvContext[]): void {
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const ctx of contexts) {
    for (const [role, id] of [
      ["infra", environmentKind(ctx).infraStackId(ctx)],
      ["consul", consulStackId(ctx)],
      ["mesh", meshStackId(ctx)],
    ] as const) {
      const other = owner.get(id);
      if (other)
        problems.push(
          `environments.${ctx.name}: its ${role} stack ${JSON.stringify(id)} has the same id as the ${other}; rename one of the environments`,
        );
      else owner.set(id, `${role} stack of environments.${ctx.name}`);
    }
  }
  if (problems.length) throw new MeshValidationError(problems);
}
