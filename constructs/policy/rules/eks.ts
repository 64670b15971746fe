import { openness } from "../../private/cidr";
import { get, isExpression, isFalse, isNonBlank, isTrue, many, num, objects, one } from "../json";
import { showOrAbsent } from "../../private/format";
import { Finding, PolicyRule } from "../types";

const REQUIRED_LOG_TYPES = ["api", "audit", "authenticator"];

/** HM-EKS-001: the API endpoint is private, or public only to named CIDRs. */
export const eksEndpointRestricted: PolicyRule = {
  id: "HM-EKS-001",
  rationale: "A public EKS API endpoint open to 0.0.0.0/0 exposes the control plane to the internet.",
  fix: "set vpc_config.endpoint_public_access = false, or public_access_cidrs to the admin CIDRs",
  configConcerns: ["eks-public-endpoint"],
  check(ctx) {
    const findings: Finding[] = [];
    for (const c of ctx.resources("aws_eks_cluster")) {
      const vpc = one(c.config.vpc_config);
      // The AWS provider defaults endpoint_public_access to true and public_access_cidrs to 0.0.0.0/0.
      const pub = vpc?.endpoint_public_access ?? true;
      if (isFalse(pub)) continue;
      const cidrs = vpc?.public_access_cidrs;
      if (isExpression(cidrs)) continue; // chosen at apply time; the config schema checks the literal values
      // Open by coverage: 0.0.0.0/0, a range wide enough to admit the internet, or ranges that together cover it.
      const open = cidrs === undefined || many(cidrs).length === 0 || openness(many(cidrs).map(String)) !== undefined;
      if (!open) continue;
      const shown = cidrs === undefined ? "absent (default 0.0.0.0/0)" : showOrAbsent(cidrs);
      findings.push({
        construct: c.construct,
        found: `vpc_config.endpoint_public_access is ${showOrAbsent(vpc?.endpoint_public_access)} (default true) with public_access_cidrs ${shown}`,
      });
    }
    return findings;
  },
};

/** HM-EKS-002: Kubernetes secrets are envelope-encrypted with a rotating KMS key. */
export const eksSecretsEncryption: PolicyRule = {
  id: "HM-EKS-002",
  rationale:
    "Without envelope encryption, Kubernetes secrets (the peering token, ACL tokens) sit in etcd under AWS-managed keys only.",
  fix: 'add encryption_config { resources = ["secrets"], provider.key_arn = <aws_kms_key in this stack with enable_key_rotation = true> }',
  check(ctx) {
    const findings: Finding[] = [];
    for (const c of ctx.resources("aws_eks_cluster")) {
      const enc = objects(c.config.encryption_config).find((e) => many(e.resources).includes("secrets"));
      if (!enc) {
        findings.push({
          construct: c.construct,
          found: `encryption_config for "secrets" is ${showOrAbsent(c.config.encryption_config)}`,
        });
        continue;
      }
      const keyArn = get(enc, "provider.key_arn");
      const key = ctx.referenced(keyArn);
      if (!key || key.type !== "aws_kms_key") {
        findings.push({
          construct: c.construct,
          found: `encryption_config.provider.key_arn ${showOrAbsent(keyArn)} is not an aws_kms_key in this stack, so its rotation can't be checked`,
        });
      } else if (!isTrue(key.config.enable_key_rotation)) {
        findings.push({
          construct: c.construct,
          found: `encryption key ${key.address} (${key.construct.node.path}) has enable_key_rotation ${showOrAbsent(key.config.enable_key_rotation)}`,
        });
      }
    }
    return findings;
  },
};

/** HM-EKS-003: control-plane audit logging. */
export const eksControlPlaneLogs: PolicyRule = {
  id: "HM-EKS-003",
  rationale: "Without api, audit and authenticator logs there is no record of who changed the cluster.",
  fix: 'set enabled_cluster_log_types to include "api", "audit", "authenticator"',
  check(ctx) {
    const findings: Finding[] = [];
    for (const c of ctx.resources("aws_eks_cluster")) {
      const types = many(c.config.enabled_cluster_log_types);
      const missing = REQUIRED_LOG_TYPES.filter((t) => !types.includes(t));
      if (missing.length) {
        findings.push({
          construct: c.construct,
          found: `enabled_cluster_log_types ${showOrAbsent(c.config.enabled_cluster_log_types)} lacks ${missing.join(", ")}`,
        });
      }
    }
    return findings;
  },
};

/** HM-EKS-004: node groups are built from a launch template. */
export const nodeGroupLaunchTemplate: PolicyRule = {
  id: "HM-EKS-004",
  rationale: "Only a launch template can enforce IMDSv2 and encrypted volumes on managed nodes.",
  fix: "set launch_template { id, version } to an aws_launch_template that requires IMDSv2 and encrypts its volumes",
  check(ctx) {
    return ctx
      .resources("aws_eks_node_group")
      .filter((g) => {
        const lt = one(g.config.launch_template);
        return !lt || !(isNonBlank(lt.id) || isNonBlank(lt.name));
      })
      .map((g) => ({ construct: g.construct, found: `launch_template is ${showOrAbsent(g.config.launch_template)}` }));
  },
};

/** HM-EKS-005: IMDSv2 only, and not reachable from pods. */
export const launchTemplateImdsV2: PolicyRule = {
  id: "HM-EKS-005",
  rationale: "IMDSv1 or a hop limit above 1 lets any pod steal the node's IAM credentials.",
  fix: 'set metadata_options { http_tokens = "required", http_put_response_hop_limit = 1 }',
  check(ctx) {
    const findings: Finding[] = [];
    for (const t of ctx.resources("aws_launch_template")) {
      const md = one(t.config.metadata_options);
      const tokens = md?.http_tokens;
      const hops = md?.http_put_response_hop_limit;
      const bad: string[] = [];
      if (tokens !== "required") bad.push(`metadata_options.http_tokens is ${showOrAbsent(tokens)}`);
      if (num(hops) !== 1) bad.push(`metadata_options.http_put_response_hop_limit is ${showOrAbsent(hops)}`);
      if (bad.length) findings.push({ construct: t.construct, found: bad.join(", ") });
    }
    return findings;
  },
};

/** HM-EKS-006: node volumes are encrypted. */
export const launchTemplateEncryptedVolumes: PolicyRule = {
  id: "HM-EKS-006",
  rationale: "Node volumes hold container images, logs and emptyDir data; they must be encrypted at rest.",
  fix: 'add block_device_mappings { device_name, ebs { encrypted = true, volume_type = "gp3" } }',
  check(ctx) {
    const findings: Finding[] = [];
    for (const t of ctx.resources("aws_launch_template")) {
      const maps = objects(t.config.block_device_mappings);
      if (!maps.length) {
        findings.push({
          construct: t.construct,
          found: "no block_device_mappings, so the root volume's encryption depends on the AMI",
        });
      }
      maps.forEach((m, i) => {
        const ebs = one(m.ebs);
        if (ebs && !isTrue(ebs.encrypted)) {
          findings.push({
            construct: t.construct,
            found: `block_device_mappings[${i}] (${showOrAbsent(m.device_name)}) ebs.encrypted is ${showOrAbsent(ebs.encrypted)}`,
          });
        }
      });
    }
    return findings;
  },
};

/** HM-EKS-007: no SSH into nodes. */
export const nodeGroupNoRemoteAccess: PolicyRule = {
  id: "HM-EKS-007",
  rationale: "remote_access opens SSH to the nodes; use SSM Session Manager instead.",
  fix: "remove remote_access from the node group",
  check(ctx) {
    return ctx
      .resources("aws_eks_node_group")
      .filter((g) => one(g.config.remote_access) !== undefined)
      .map((g) => ({ construct: g.construct, found: `remote_access is ${showOrAbsent(g.config.remote_access)}` }));
  },
};

/** HM-EKS-008: every VPC has flow logs. */
export const vpcFlowLogs: PolicyRule = {
  id: "HM-EKS-008",
  rationale: "Without VPC flow logs there is no record of which traffic reached the cluster and gateways.",
  fix: "add an aws_flow_log with vpc_id = <the vpc>.id in the same stack",
  check(ctx) {
    const logged = new Set<string>();
    for (const f of ctx.resources("aws_flow_log")) {
      const vpc = ctx.referenced(f.config.vpc_id);
      if (vpc) logged.add(vpc.address);
    }
    return ctx
      .resources("aws_vpc")
      .filter((v) => !logged.has(v.address))
      .map((v) => ({ construct: v.construct, found: `${v.address} has no aws_flow_log in this stack` }));
  },
};

/** EKS rules: cluster, node groups, launch templates, KMS keys and VPC flow logs. */
export const EKS_RULES: readonly PolicyRule[] = [
  eksEndpointRestricted,
  eksSecretsEncryption,
  eksControlPlaneLogs,
  nodeGroupLaunchTemplate,
  launchTemplateImdsV2,
  launchTemplateEncryptedVolumes,
  nodeGroupNoRemoteAccess,
  vpcFlowLogs,
];
