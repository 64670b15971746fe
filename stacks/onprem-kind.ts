import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { KindEnvironmentConfig } from "../config/types";
import type { ClusterAccess, EnvContext } from "../app/environments/types";
import { MeshNamespaces } from "../infra/namespaces";

export interface OnpremKindStackProps {
  readonly ctx: EnvContext<KindEnvironmentConfig>;
  readonly access: (scope: Construct) => ClusterAccess;
}

/**
 * The on-prem cluster's baseline. The kind cluster itself comes from the shipped kind config
 * (`kind create cluster --config config/kind/onprem.yaml`); this stack targets it through its
 * kube context and prepares the namespaces with their Pod Security labels.
 */
export class OnpremKindStack extends TerraformStack {
  public readonly namespaces: MeshNamespaces;

  constructor(scope: Construct, id: string, props: OnpremKindStackProps) {
    super(scope, id);
    const { kubernetes } = props.access(this);
    this.namespaces = new MeshNamespaces(this, "namespaces", { provider: kubernetes, project: props.ctx.config.project });
    new TerraformOutput(this, "kube_context", { value: props.ctx.env.kubeContext });
  }
}
