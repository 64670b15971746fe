import { TerraformStack } from "cdktf";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { CONSUL_RULES, EKS_RULES } from "../../constructs/policy";
import { consulRelease, evaluate, goodEks, messagesOf } from "./fixtures";

/** Messages without the fix text. */
const found = (gate: ReturnType<typeof evaluate>, id: string) =>
  messagesOf(gate, id).map((m) => m.split(" — fix: ")[0]);
const halves = ["0.0.0.0/1", "128.0.0.0/1"];

describe("every gate rule on source ranges decides 'open' by coverage", () => {
  it("HM-EKS-001 flags public access CIDRs that together cover the internet, or one that is too wide", () => {
    for (const cidrs of [halves, ["0.0.0.0/4"]]) {
      const gate = evaluate(
        (s) =>
          void goodEks(s, { vpcConfig: { subnetIds: ["a"], endpointPublicAccess: true, publicAccessCidrs: cidrs } }),
        {
          rules: EKS_RULES.filter((r) => r.id === "HM-EKS-001"),
        },
      );
      expect(found(gate, "HM-EKS-001")).toEqual([
        `[HM-EKS-001] s/eks: vpc_config.endpoint_public_access is true (default true) with public_access_cidrs ${JSON.stringify(cidrs)}`,
      ]);
    }
  });

  it("HM-EKS-001 passes named public networks", () => {
    const gate = evaluate(
      (s) =>
        void goodEks(s, {
          vpcConfig: {
            subnetIds: ["a"],
            endpointPublicAccess: true,
            publicAccessCidrs: ["198.51.100.0/24", "8.8.8.0/24"],
          },
        }),
      {
        rules: EKS_RULES.filter((r) => r.id === "HM-EKS-001"),
      },
    );
    expect(gate.violations).toEqual([]);
  });

  it("HM-CON-010 flags mesh gateway source ranges that together cover the internet", () => {
    const gate = evaluate(
      (s: TerraformStack) => {
        new DataAwsEksCluster(s, "cluster", { name: "cloud" });
        consulRelease(s, [
          { meshGateway: { service: { additionalSpec: `loadBalancerSourceRanges: ${JSON.stringify(halves)}` } } },
        ]);
      },
      { rules: CONSUL_RULES },
    );
    expect(found(gate, "HM-CON-010")).toEqual([
      `[HM-CON-010] s/consul: meshGateway.service.type is "LoadBalancer" with loadBalancerSourceRanges ${JSON.stringify(halves)} in additionalSpec`,
    ]);
  });
});
