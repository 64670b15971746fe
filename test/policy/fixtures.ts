import { stringify } from "yaml";
import { Testing, TerraformStack } from "cdktf";
import { EksCluster, EksClusterConfig } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup, EksNodeGroupConfig } from "@cdktf/provider-aws/lib/eks-node-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate, LaunchTemplateConfig } from "@cdktf/provider-aws/lib/launch-template";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Release } from "@cdktf/provider-helm/lib/release";
import { DeploymentV1, DeploymentV1SpecTemplateSpecContainer } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { PolicyGate, PolicyGateProps, PolicyRule } from "../../constructs/policy";

/** Builds a stack "s" under a test app, runs a gate over it through Testing.synth, returns the gate. */
export function evaluate(build: (stack: TerraformStack) => void, props: PolicyGateProps = {}): PolicyGate {
  const stack = new TerraformStack(Testing.app(), "s");
  build(stack);
  const gate = new PolicyGate(props).applyTo(stack);
  Testing.synth(stack);
  return gate;
}

/** Messages of one rule's violations. */
export function messagesOf(gate: PolicyGate, rule: PolicyRule | string): string[] {
  const id = typeof rule === "string" ? rule : rule.id;
  return gate.violations.filter((v) => v.ruleId === id).map((v) => gate.format(v));
}

/** A KMS key with rotation, an EKS cluster that passes every EKS rule, and its VPC with flow logs. */
export function goodEks(stack: TerraformStack, override: Partial<EksClusterConfig> = {}, rotation = true): EksCluster {
  const key = new KmsKey(stack, "eks-key", { description: "eks secrets", enableKeyRotation: rotation });
  const vpc = new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
  new FlowLog(stack, "vpc-flow", {
    vpcId: vpc.id,
    trafficType: "ALL",
    logDestination: "arn:aws:logs:eu-west-1:1:log-group:x",
  });
  return new EksCluster(stack, "eks", {
    name: "cloud",
    roleArn: "arn:aws:iam::1:role/eks",
    vpcConfig: {
      subnetIds: ["subnet-a"],
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: ["203.0.113.0/24"],
    },
    encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } },
    enabledClusterLogTypes: ["api", "audit", "authenticator"],
    ...override,
  });
}

export function goodLaunchTemplate(
  stack: TerraformStack,
  override: Partial<LaunchTemplateConfig> = {},
): LaunchTemplate {
  return new LaunchTemplate(stack, "nodes-lt", {
    metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeType: "gp3", volumeSize: 50 } }],
    ...override,
  });
}

export function goodNodeGroup(stack: TerraformStack, override: Partial<EksNodeGroupConfig> = {}): EksNodeGroup {
  const lt = goodLaunchTemplate(stack);
  return new EksNodeGroup(stack, "nodes", {
    clusterName: "cloud",
    nodeRoleArn: "arn:aws:iam::1:role/nodes",
    subnetIds: ["subnet-a"],
    scalingConfig: { desiredSize: 2, maxSize: 3, minSize: 2 },
    launchTemplate: { id: lt.id, version: lt.latestVersion.toString() },
    ...override,
  });
}

/** Consul values that pass every HM-CON rule, also on EKS. */
export const GOOD_CONSUL_VALUES = {
  global: {
    tls: { enabled: true, enableAutoEncrypt: true },
    acls: { manageSystemACLs: true },
    gossipEncryption: { autoGenerate: true },
    peering: { enabled: true },
  },
  server: { replicas: 3 },
  connectInject: { enabled: true, cni: { enabled: true } },
  meshGateway: {
    enabled: true,
    replicas: 2,
    service: { type: "LoadBalancer", additionalSpec: stringify({ loadBalancerSourceRanges: ["198.51.100.0/24"] }) },
  },
  ui: { enabled: true, service: { type: "ClusterIP" } },
};

/** A consul helm_release: the good base values, then `overlay` YAML docs, then `set` entries. */
export function consulRelease(
  stack: TerraformStack,
  overlay: object[] = [],
  set: { name: string; value: string }[] = [],
  withPdb = true,
): Release {
  if (withPdb) meshGatewayPdb(stack);
  return new Release(stack, "consul", {
    name: "consul",
    chart: "consul",
    repository: "https://helm.releases.hashicorp.com",
    version: "2.0.3",
    values: [stringify(GOOD_CONSUL_VALUES), ...overlay.map((o) => stringify(o))],
    set,
  });
}

export function meshGatewayPdb(stack: TerraformStack, component = "mesh-gateway"): PodDisruptionBudgetV1 {
  return new PodDisruptionBudgetV1(stack, `pdb-${component}`, {
    metadata: { name: "consul-mesh-gateway", namespace: "consul" },
    spec: { maxUnavailable: "1", selector: { matchLabels: { app: "consul", component } } },
  });
}

/** A Consul CR as a kubernetes_manifest. */
export function consulCr(stack: TerraformStack, id: string, kind: string, spec: object): Manifest {
  return new Manifest(stack, id, {
    manifest: { apiVersion: "consul.hashicorp.com/v1alpha1", kind, metadata: { name: id, namespace: "consul" }, spec },
  });
}

export const DEFAULT_DENY = { destination: { name: "*" }, sources: [{ name: "*", action: "deny" }] };

/** A container that passes every workload rule. */
export const GOOD_CONTAINER: DeploymentV1SpecTemplateSpecContainer = {
  name: "app",
  image: "ghcr.io/example/app:1.0.0",
  securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
  resources: { limits: { cpu: "500m", memory: "256Mi" }, requests: { cpu: "100m", memory: "128Mi" } },
};

/** A Deployment that passes every workload rule unless `container`/`pod` override parts of it. */
export function deployment(
  stack: TerraformStack,
  container: Partial<DeploymentV1SpecTemplateSpecContainer> = {},
  pod: object = {},
): DeploymentV1 {
  return new DeploymentV1(stack, "web", {
    metadata: { name: "web", namespace: "apps" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
          container: [{ ...GOOD_CONTAINER, ...container }],
          ...pod,
        },
      },
    },
  });
}
