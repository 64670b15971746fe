import { Fn, type TerraformStack } from "cdktf";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { EKS_RULES, PolicyRule } from "../../constructs/policy";
import { evaluate, goodEks, goodLaunchTemplate, goodNodeGroup, messagesOf } from "./fixtures";
import { must } from "../support";

// The EKS rules at each boundary: each side of it, the silent case, each message.
const rule = (id: string): PolicyRule => must(EKS_RULES.find((r) => r.id === id));
const found = (id: string, build: (s: TerraformStack) => void) =>
  messagesOf(evaluate(build, { rules: [rule(id)] }), id).map((m) => m.split(" — fix: ")[0]);

describe("HM-EKS-001 endpoint", () => {
  const endpoint = (vpc: object) =>
    found("HM-EKS-001", (s) => void goodEks(s, { vpcConfig: { subnetIds: ["a"], ...vpc } }));
  it("is silent for named networks, a private-only endpoint, and CIDRs chosen at apply", () => {
    expect(endpoint({ endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24", "8.0.0.0/8"] })).toEqual([]);
    expect(endpoint({ endpointPublicAccess: false, publicAccessCidrs: ["0.0.0.0/0"] })).toEqual([]);
    expect(endpoint({ publicAccessCidrs: Fn.split(",", "${var.cidrs}") })).toEqual([]);
  });
  it("flags an empty list, a wide range, and ranges that together are the internet", () => {
    expect(endpoint({ endpointPublicAccess: true, publicAccessCidrs: [] })).toEqual([
      "[HM-EKS-001] s/eks: vpc_config.endpoint_public_access is true (default true) with public_access_cidrs []",
    ]);
    expect(endpoint({ publicAccessCidrs: ["8.0.0.0/7"] })).toEqual([
      '[HM-EKS-001] s/eks: vpc_config.endpoint_public_access is absent (default true) with public_access_cidrs ["8.0.0.0/7"]',
    ]);
    expect(endpoint({ publicAccessCidrs: ["0.0.0.0/1", "128.0.0.0/1"] })).toHaveLength(1);
  });
});

describe("HM-EKS-002 secrets encryption", () => {
  it("needs an encryption_config whose resources include secrets", () => {
    expect(
      found("HM-EKS-002", (s) => {
        const key = new KmsKey(s, "k", { enableKeyRotation: true });
        goodEks(s, { encryptionConfig: { resources: ["configmaps"], provider: { keyArn: key.arn } } });
      }),
    ).toEqual([
      '[HM-EKS-002] s/eks: encryption_config for "secrets" is {"resources":["configmaps"],"provider":{"key_arn":"${aws_kms_key.k.arn}"}}',
    ]);
  });
  it("accepts rotation given as the string true, and refuses a key that is not a KMS key", () => {
    expect(
      found("HM-EKS-002", (s) => {
        const key = new KmsKey(s, "k", { enableKeyRotation: "true" as never });
        goodEks(s, { encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } } });
      }),
    ).toEqual([]);
    expect(
      found("HM-EKS-002", (s) => {
        const vpc = new Vpc(s, "v", { cidrBlock: "10.0.0.0/16" });
        goodEks(s, { encryptionConfig: { resources: ["secrets"], provider: { keyArn: vpc.arn } } });
      }),
    ).toEqual([
      '[HM-EKS-002] s/eks: encryption_config.provider.key_arn "${aws_vpc.v.arn}" is not an aws_kms_key in this stack, so its rotation can\'t be checked',
    ]);
    expect(
      found("HM-EKS-002", (s) => {
        const key = new KmsKey(s, "k", {});
        goodEks(s, { encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } } });
      }),
    ).toEqual(["[HM-EKS-002] s/eks: encryption key aws_kms_key.k (s/k) has enable_key_rotation absent"]);
  });
});

describe("HM-EKS-003 control-plane logs", () => {
  it("needs all three of api, audit and authenticator, and more is fine", () => {
    expect(
      found(
        "HM-EKS-003",
        (s) => void goodEks(s, { enabledClusterLogTypes: ["api", "audit", "authenticator", "scheduler"] }),
      ),
    ).toEqual([]);
    expect(found("HM-EKS-003", (s) => void goodEks(s, { enabledClusterLogTypes: ["audit", "authenticator"] }))).toEqual(
      ['[HM-EKS-003] s/eks: enabled_cluster_log_types ["audit","authenticator"] lacks api'],
    );
    expect(found("HM-EKS-003", (s) => void goodEks(s, { enabledClusterLogTypes: undefined }))).toEqual([
      "[HM-EKS-003] s/eks: enabled_cluster_log_types absent lacks api, audit, authenticator",
    ]);
  });
});

describe("HM-EKS-004 launch template on node groups", () => {
  it("accepts a template by id or by name, not an empty one", () => {
    expect(
      found("HM-EKS-004", (s) => void goodNodeGroup(s, { launchTemplate: { name: "nodes", version: "1" } })),
    ).toEqual([]);
    expect(found("HM-EKS-004", (s) => void goodNodeGroup(s, { launchTemplate: { id: " ", version: "1" } }))).toEqual([
      '[HM-EKS-004] s/nodes: launch_template is {"id":" ","version":"1"}',
    ]);
  });
});

describe("HM-EKS-005 IMDSv2", () => {
  const md = (metadataOptions: object | undefined) =>
    found("HM-EKS-005", (s) => void goodLaunchTemplate(s, { metadataOptions }));
  it("needs tokens required and a hop limit of exactly 1, each reported alone", () => {
    expect(md({ httpTokens: "required", httpPutResponseHopLimit: 1 })).toEqual([]);
    expect(md({ httpTokens: "required", httpPutResponseHopLimit: 0 })).toEqual([
      "[HM-EKS-005] s/nodes-lt: metadata_options.http_put_response_hop_limit is 0",
    ]);
    expect(md({ httpTokens: "required", httpPutResponseHopLimit: 2 })).toEqual([
      "[HM-EKS-005] s/nodes-lt: metadata_options.http_put_response_hop_limit is 2",
    ]);
    expect(md({ httpTokens: "optional", httpPutResponseHopLimit: 1 })).toEqual([
      '[HM-EKS-005] s/nodes-lt: metadata_options.http_tokens is "optional"',
    ]);
    expect(md(undefined)).toEqual([
      "[HM-EKS-005] s/nodes-lt: metadata_options.http_tokens is absent, metadata_options.http_put_response_hop_limit is absent",
    ]);
  });
});

describe("HM-EKS-006 encrypted volumes", () => {
  it("checks every ebs mapping, skips mappings without ebs, accepts true", () => {
    expect(
      found(
        "HM-EKS-006",
        (s) =>
          void goodLaunchTemplate(s, {
            blockDeviceMappings: [
              { deviceName: "/dev/xvda", ebs: { encrypted: "true" } },
              { deviceName: "/dev/sdb", virtualName: "ephemeral0" },
              { deviceName: "/dev/sdc", ebs: { volumeSize: 10 } },
            ],
          }),
      ),
    ).toEqual(['[HM-EKS-006] s/nodes-lt: block_device_mappings[2] ("/dev/sdc") ebs.encrypted is absent']);
  });
});

describe("HM-EKS-007 no SSH", () => {
  it("is silent without remote_access", () => {
    expect(found("HM-EKS-007", (s) => void goodNodeGroup(s))).toEqual([]);
  });
});

describe("HM-EKS-008 flow logs", () => {
  it("counts a flow log only for the VPC it names", () => {
    expect(
      found("HM-EKS-008", (s) => {
        const a = new Vpc(s, "a", { cidrBlock: "10.0.0.0/16" });
        new Vpc(s, "b", { cidrBlock: "10.1.0.0/16" });
        new FlowLog(s, "fl", { vpcId: a.id, trafficType: "ALL" });
        new FlowLog(s, "other", { subnetId: "subnet-1", trafficType: "ALL" });
      }),
    ).toEqual(["[HM-EKS-008] s/b: aws_vpc.b has no aws_flow_log in this stack"]);
    expect(found("HM-EKS-008", () => undefined)).toEqual([]);
  });
});
