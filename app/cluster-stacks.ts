import type { App } from "cdktf";
import type { PeerAccess } from "../stacks/cluster";
import { ConsulStack } from "../stacks/consul";
import { MeshStack } from "../stacks/mesh";
import { environmentKind, type ClusterKind, type EnvContext, type MeshInput } from "./environments";

/** The shared consul stack of a cluster, handed only what it uses of the environment kind. */
export function clusterConsulStack(app: App, id: string, ctx: EnvContext, cluster: ClusterKind): ConsulStack {
  return new ConsulStack(app, id, {
    project: ctx.project,
    access: (scope, opts) => cluster.clusterAccess(scope, ctx, opts),
    createNamespaces: cluster.namespacesInConsulStack,
    prerequisites: (scope, kubernetes) => cluster.releasePrerequisites(scope, ctx, kubernetes),
    values: cluster.chartValues(ctx),
  });
}

/** The shared mesh stack of a cluster, handed only what it uses of the environment kind. */
export function clusterMeshStack(
  app: App,
  id: string,
  ctx: EnvContext,
  cluster: ClusterKind,
  input: MeshInput,
): MeshStack {
  return new MeshStack(app, id, {
    envName: ctx.name,
    access: (scope, opts) => cluster.clusterAccess(scope, ctx, opts),
    image: (scope, service) => cluster.image(scope, ctx, service),
    plan: input.plan,
    dialsTo: input.dialsTo,
  });
}

/** An acceptor's cluster, for a dialer's mesh stack; the config check makes every acceptor a cluster. */
export function peerAccess(acceptor: EnvContext, version: number): PeerAccess {
  const { cluster } = environmentKind(acceptor);
  if (!cluster) throw new Error(`environments.${acceptor.name} accepts a peering but has no Kubernetes cluster`);
  return { name: acceptor.name, version, access: (scope, opts) => cluster.clusterAccess(scope, acceptor, opts) };
}
