import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { EKS_RULES, PolicyRule } from "../../constructs/policy";
import { evaluate, goodEks, goodLaunchTemplate, goodNodeGroup, messagesOf } from "./fixtures";
import { must } from "../support";

const rule = (id: string): PolicyRule => must(EKS_RULES.find((r) => r.id === id));
/** Messages without the fix, for brevity; the fix text is asserted once below. */
const found = (gate: ReturnType<typeof evaluate>, id: string) =>
  messagesOf(gate, id).map((m) => m.split(" — fix: ")[0]);

describe("EKS rules", () => {
  it("a hardened cluster, node group, launch template and VPC pass every EKS rule", () => {
    const gate = evaluate(
      (s) => {
        goodEks(s);
        goodNodeGroup(s);
      },
      { rules: EKS_RULES },
    );
    expect(gate.violations).toEqual([]);
  });

  it("HM-EKS-001 flags a public endpoint open to the internet, or by default", () => {
    const gate = evaluate(
      (s) => {
        goodEks(s, { vpcConfig: { subnetIds: ["a"], endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } });
      },
      { rules: [rule("HM-EKS-001")] },
    );
    expect(messagesOf(gate, "HM-EKS-001")).toEqual([
      `[HM-EKS-001] s/eks: vpc_config.endpoint_public_access is true (default true) with public_access_cidrs ["0.0.0.0/0"] — fix: ${rule("HM-EKS-001").fix}`,
    ]);
    const byDefault = evaluate((s) => void goodEks(s, { vpcConfig: { subnetIds: ["a"] } }), {
      rules: [rule("HM-EKS-001")],
    });
    expect(found(byDefault, "HM-EKS-001")).toEqual([
      "[HM-EKS-001] s/eks: vpc_config.endpoint_public_access is absent (default true) with public_access_cidrs absent (default 0.0.0.0/0)",
    ]);
    const privateOnly = evaluate(
      (s) => void goodEks(s, { vpcConfig: { subnetIds: ["a"], endpointPublicAccess: false } }),
      { rules: [rule("HM-EKS-001")] },
    );
    expect(privateOnly.violations).toEqual([]);
  });

  it("HM-EKS-002 follows key_arn to the aws_kms_key and checks rotation", () => {
    const noRotation = evaluate((s) => void goodEks(s, {}, false), { rules: [rule("HM-EKS-002")] });
    expect(found(noRotation, "HM-EKS-002")).toEqual([
      "[HM-EKS-002] s/eks: encryption key aws_kms_key.eks-key (s/eks-key) has enable_key_rotation false",
    ]);
    const none = evaluate((s) => void goodEks(s, { encryptionConfig: undefined }), { rules: [rule("HM-EKS-002")] });
    expect(found(none, "HM-EKS-002")).toEqual(['[HM-EKS-002] s/eks: encryption_config for "secrets" is absent']);
    const foreign = evaluate(
      (s) =>
        void goodEks(s, {
          encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:aws:kms:eu-west-1:1:key/x" } },
        }),
      {
        rules: [rule("HM-EKS-002")],
      },
    );
    expect(found(foreign, "HM-EKS-002")).toEqual([
      '[HM-EKS-002] s/eks: encryption_config.provider.key_arn "arn:aws:kms:eu-west-1:1:key/x" is not an aws_kms_key in this stack, so its rotation can\'t be checked',
    ]);
  });

  it("HM-EKS-003 flags missing control-plane log types", () => {
    // when
    const gate = evaluate((s) => void goodEks(s, { enabledClusterLogTypes: ["api"] }), { rules: [rule("HM-EKS-003")] });
    // then
    expect(found(gate, "HM-EKS-003")).toEqual([
      '[HM-EKS-003] s/eks: enabled_cluster_log_types ["api"] lacks audit, authenticator',
    ]);
  });

  it("HM-EKS-004 flags a node group without a launch template", () => {
    const gate = evaluate((s) => void goodNodeGroup(s, { launchTemplate: undefined }), { rules: [rule("HM-EKS-004")] });
    expect(found(gate, "HM-EKS-004")).toEqual(["[HM-EKS-004] s/nodes: launch_template is absent"]);
  });

  it("HM-EKS-005 flags IMDSv1 and a hop limit above 1", () => {
    const gate = evaluate(
      (s) => void goodLaunchTemplate(s, { metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 2 } }),
      {
        rules: [rule("HM-EKS-005")],
      },
    );
    expect(found(gate, "HM-EKS-005")).toEqual([
      '[HM-EKS-005] s/nodes-lt: metadata_options.http_tokens is "optional", metadata_options.http_put_response_hop_limit is 2',
    ]);
  });

  it("HM-EKS-006 flags unencrypted and missing block device mappings", () => {
    const gate = evaluate(
      (s) =>
        void goodLaunchTemplate(s, { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] }),
      {
        rules: [rule("HM-EKS-006")],
      },
    );
    expect(found(gate, "HM-EKS-006")).toEqual([
      '[HM-EKS-006] s/nodes-lt: block_device_mappings[0] ("/dev/xvda") ebs.encrypted is "false"',
    ]);
    const none = evaluate((s) => void goodLaunchTemplate(s, { blockDeviceMappings: undefined }), {
      rules: [rule("HM-EKS-006")],
    });
    expect(found(none, "HM-EKS-006")).toEqual([
      "[HM-EKS-006] s/nodes-lt: no block_device_mappings, so the root volume's encryption depends on the AMI",
    ]);
  });

  it("HM-EKS-007 flags remote_access (SSH) on a node group", () => {
    // when
    const gate = evaluate((s) => void goodNodeGroup(s, { remoteAccess: { ec2SshKey: "ops" } }), {
      rules: [rule("HM-EKS-007")],
    });
    // then
    expect(found(gate, "HM-EKS-007")).toEqual(['[HM-EKS-007] s/nodes: remote_access is {"ec2_ssh_key":"ops"}']);
  });

  it("HM-EKS-008 flags a VPC without a flow log in the stack", () => {
    const gate = evaluate(
      (s) => {
        const logged = new Vpc(s, "logged", { cidrBlock: "10.0.0.0/16" });
        new FlowLog(s, "fl", { vpcId: logged.id, trafficType: "ALL" });
        new Vpc(s, "bare", { cidrBlock: "10.1.0.0/16" });
      },
      { rules: [rule("HM-EKS-008")] },
    );
    expect(found(gate, "HM-EKS-008")).toEqual(["[HM-EKS-008] s/bare: aws_vpc.bare has no aws_flow_log in this stack"]);
  });
});
