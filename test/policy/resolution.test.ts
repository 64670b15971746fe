import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Aspects, Lazy, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { NETWORK_RULES, PolicyGate } from "../../constructs/policy";

const NET1 = NETWORK_RULES[0];
const OPEN = [
  {
    from_port: 22,
    to_port: 22,
    protocol: "tcp",
    cidr_blocks: ["0.0.0.0/0"],
    description: "ssh",
    ipv6_cidr_blocks: [],
    prefix_list_ids: [],
    security_groups: [],
    self: false,
  },
];

function appWith(build: (stack: TerraformStack) => void): { app: App; stack: TerraformStack } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "policy-res-")), stackTraces: false });
  const stack = new TerraformStack(app, "s");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  build(stack);
  return { app, stack };
}

describe("PolicyGate reads what synth resolved", () => {
  it("resolves nothing itself: a lazy value is produced as often as without the gate", () => {
    const count = (gated: boolean) => {
      let produced = 0;
      const { app } = appWith(
        (s) => new SecurityGroup(s, "sg", { description: Lazy.stringValue({ produce: () => `sg ${++produced}` }) }),
      );
      if (gated) new PolicyGate({ rules: NETWORK_RULES }).applyTo(app);
      app.synth();
      return produced;
    };
    const bare = count(false);
    expect(bare).toBeGreaterThan(0);
    expect(count(true)).toBe(bare);
  });

  it("checks the JSON as written, stack-level overrides included", () => {
    const { app, stack } = appWith((s) => new SecurityGroup(s, "sg", { description: "x" }));
    stack.addOverride("resource.aws_security_group.sg.ingress", OPEN);
    const gate = new PolicyGate({ rules: [NET1] }).applyTo(app);
    expect(() => {
      app.synth();
    }).toThrow(
      /PolicyGate: 1 violation in stack s:\n {2}\[HM-NET-001\] s\/sg: ingress\[0\] from 0\.0\.0\.0\/0 on tcp\/22/,
    );
    expect(gate.violations.map((v) => v.path)).toEqual(["s/sg"]);
    // Failed before the stack's file was written.
    expect(fs.existsSync(path.join(app.outdir, "stacks", "s", "cdk.tf.json"))).toBe(false);
  });

  it("fails an HCL synth too", () => {
    process.env.SYNTH_HCL_OUTPUT = "true";
    try {
      const { app } = appWith(
        (s) =>
          new SecurityGroup(s, "sg", {
            description: "x",
            ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }],
          }),
      );
      new PolicyGate({ rules: [NET1] }).applyTo(app);
      expect(() => {
        app.synth();
      }).toThrow(/\[HM-NET-001\] s\/sg: ingress\[0\] from 0\.0\.0\.0\/0 on tcp\/22/);
    } finally {
      delete process.env.SYNTH_HCL_OUTPUT;
    }
  });

  it("still works when added to a stack by hand as an aspect", () => {
    const { app, stack } = appWith(
      (s) =>
        new SecurityGroup(s, "sg", {
          description: "x",
          ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }],
        }),
    );
    const gate = new PolicyGate({ rules: [NET1] });
    Aspects.of(stack).add(gate);
    expect(() => {
      app.synth();
    }).toThrow(/Encountered Annotations with level "ERROR":\n\[s\/sg\] \[HM-NET-001\]/);
    expect(gate.violations).toHaveLength(1);
  });
});
