import { Construct } from "constructs";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";

export const CONSUL_NAMESPACE = "consul";
export const APPS_NAMESPACE = "apps";

/**
 * The two namespaces of an environment. Apps run under the "restricted" Pod Security Standard,
 * enforced by the API server. Consul's namespace stays "privileged": its CNI DaemonSet installs
 * a plugin on each node, which is what lets app pods drop NET_ADMIN.
 */
export class MeshNamespaces extends Construct {
  public readonly consul: NamespaceV1;
  public readonly apps: NamespaceV1;

  constructor(scope: Construct, id: string, props: { provider: KubernetesProvider; project: string }) {
    super(scope, id);
    const labels = (level: string) => ({
      "app.kubernetes.io/part-of": props.project,
      "app.kubernetes.io/managed-by": "cdktf",
      "pod-security.kubernetes.io/enforce": level,
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
    });
    this.consul = new NamespaceV1(this, "consul", {
      provider: props.provider,
      metadata: { name: CONSUL_NAMESPACE, labels: labels("privileged") },
    });
    this.apps = new NamespaceV1(this, "apps", {
      provider: props.provider,
      metadata: { name: APPS_NAMESPACE, labels: labels("restricted") },
    });
  }
}
