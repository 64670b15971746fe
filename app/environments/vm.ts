import type { App } from "cdktf";
import type { VmEnvironmentConfig } from "../../config/types";
import { MeshValidationError } from "../../constructs/errors";
import { vmHosts } from "../../infra/vm/hosts";
import { verifyVmHosts } from "../../infra/vm/verify";
import { OnpremVmStack } from "../../stacks/onprem-vm";
import { OnpremVmConsulStack } from "../../stacks/onprem-vm-consul";
import { OnpremVmMeshStack } from "../../stacks/onprem-vm-mesh";
import { readsOtherStacks } from "../single-pass";
import { unexposedGatewayHint } from "./gateway";
import type { EnvironmentKind } from "./types";

/**
 * On-prem plain hosts with Consul agents and Envoy. Its stacks are its own: hosts (<env>-vm),
 * PKI and agents (consul-<env>), tokens, registrations and peering (mesh-<env>). It has no
 * cluster: the config check makes a vm environment a dialer only.
 */
export const vmEnvironmentKind: EnvironmentKind<VmEnvironmentConfig> = {
  infraStackId: (ctx) => `${ctx.name}-vm`,

  createInfraStack(app: App, ctx, { plan }) {
    const problems = verifyVmHosts(ctx.name, ctx.env, plan);
    if (problems.length) throw new MeshValidationError(problems);
    return new OnpremVmStack(app, this.infraStackId(ctx), { envName: ctx.name, env: ctx.env, plan });
  },

  unreachableHint: unexposedGatewayHint,

  stacks: {
    createConsulStack(app, id, ctx, infra) {
      if (!(infra instanceof OnpremVmStack))
        throw new Error(`${id}: the infra stack of a vm environment must be an OnpremVmStack`);
      return new OnpremVmConsulStack(app, id, { env: ctx.env, hosts: infra.hosts });
    },
    createMeshStack(app, id, ctx, consul, { plan, dialsTo }) {
      if (!(consul instanceof OnpremVmConsulStack))
        throw new Error(`${id}: the consul stack of a vm environment must be an OnpremVmConsulStack`);
      // Its Consul provider trusts the consul stack's CA: a reference across stacks.
      const stack = new OnpremVmMeshStack(app, id, {
        envName: ctx.name,
        env: ctx.env,
        plan,
        hosts: vmHosts(ctx.env, plan),
        caCertPem: consul.pki.caCertPem,
        dialsTo,
      });
      return readsOtherStacks(stack);
    },
  },
};
