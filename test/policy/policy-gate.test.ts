import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Construct } from "constructs";
import { AnnotationMetadataEntryType, App, Aspects, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { MeshValidationError } from "../../constructs/errors";
import { DEFAULT_RULES, formatViolation, NETWORK_RULES, PolicyGate } from "../../constructs/policy";
import { evaluate } from "./fixtures";
import { at, must, parseJson } from "../support";

const NET1 = NETWORK_RULES[0];
const openSg = (scope: Construct, id: string) =>
  new SecurityGroup(scope, id, {
    description: "x",
    ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"], description: "ssh" }],
  });

function tmpApp(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "policy-")), stackTraces: false });
}

describe("PolicyGate", () => {
  it("has unique, well-formed rule IDs with rationale and fix", () => {
    const ids = DEFAULT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of DEFAULT_RULES) {
      expect(r.id).toMatch(/^HM-(NET|EKS|CON|MESH|WL|SEC|VM)-\d{3}$/);
      expect(r.rationale.trim()).not.toBe("");
      expect(r.fix.trim()).not.toBe("");
    }
  });

  it("adds each violation as an error annotation, so app synth fails", () => {
    const app = tmpApp();
    const stack = new TerraformStack(app, "cloud-infra");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    openSg(stack, "mesh-gateway-sg");
    const gate = new PolicyGate({ rules: [NET1] }).applyTo(app);
    expect(() => {
      app.synth();
    }).toThrow(
      /\[HM-NET-001\] cloud-infra\/mesh-gateway-sg: ingress\[0\] from 0\.0\.0\.0\/0 on tcp\/22 — fix: restrict cidr_blocks/,
    );
    expect(gate.violations).toEqual([
      {
        ruleId: "HM-NET-001",
        path: "cloud-infra/mesh-gateway-sg",
        found: "ingress[0] from 0.0.0.0/0 on tcp/22",
        fix: NET1.fix,
      },
    ]);
  });

  it("records the annotation for Testing.synth too, and synthesizes a clean stack", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const sg = openSg(stack, "sg");
    new PolicyGate({ rules: [NET1] }).applyTo(stack);
    Testing.synth(stack);
    expect(
      sg.node.metadata
        .filter((m) => m.type === (AnnotationMetadataEntryType.ERROR as string))
        .map((m): unknown => m.data),
    ).toEqual([
      formatViolation({
        ruleId: "HM-NET-001",
        path: "s/sg",
        found: "ingress[0] from 0.0.0.0/0 on tcp/22",
        fix: NET1.fix,
      }),
    ]);

    const app = tmpApp();
    const clean = new TerraformStack(app, "clean");
    new AwsProvider(clean, "aws", { region: "eu-west-1" });
    new SecurityGroup(clean, "sg", { description: "x" });
    new PolicyGate({ rules: [NET1] }).applyTo(app);
    expect(() => {
      app.synth();
    }).not.toThrow();
  });

  it("is not invoked by cdktf 0.21 when only added to the App (hence applyTo)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    openSg(stack, "sg");
    const gate = new PolicyGate({ rules: [NET1] });
    Aspects.of(must(stack.node.scope)).add(gate);
    Testing.synth(stack);
    expect(gate.violations).toEqual([]); // if this starts failing, cdktf now honours App aspects
  });

  it("applyTo(app) still catches stacks created afterwards, through an app validation", () => {
    const app = tmpApp();
    const gate = new PolicyGate({ rules: [NET1] }).applyTo(app);
    const late = new TerraformStack(app, "late");
    new AwsProvider(late, "aws", { region: "eu-west-1" });
    openSg(late, "sg");
    expect(() => {
      app.synth();
    }).toThrow(/\[HM-NET-001\] late\/sg: ingress\[0\] from 0\.0\.0\.0\/0/);
    expect(gate.violations).toHaveLength(1);
  });

  it("resolves cross-stack references without breaking synth", () => {
    const app = tmpApp();
    const a = new TerraformStack(app, "a");
    new AwsProvider(a, "aws", { region: "eu-west-1" });
    const vpc = new Vpc(a, "vpc", { cidrBlock: "10.0.0.0/16" });
    const b = new TerraformStack(app, "b");
    new AwsProvider(b, "aws", { region: "eu-west-1" });
    new SecurityGroup(b, "sg", { description: "x", vpcId: vpc.id });
    new TerraformOutput(b, "vpc_key", { value: vpc.id, sensitive: true });
    const gate = new PolicyGate({ rules: DEFAULT_RULES.filter((r) => r.id !== "HM-EKS-008") }).applyTo(app);
    expect(() => {
      app.synth();
    }).not.toThrow();
    expect(gate.violations).toEqual([]);
    const json = parseJson(fs.readFileSync(path.join(app.outdir, "stacks", "b", "cdk.tf.json"), "utf8"));
    expect(at(json, "resource.aws_security_group.sg.vpc_id")).toMatch(/^\$\{data\.terraform_remote_state\./);
  });

  describe("suppressions", () => {
    it("waive a rule for the construct and its descendants, and are listed with their reason", () => {
      const gate = evaluate(
        (s) => {
          const lab = new Construct(s, "lab");
          openSg(new Construct(lab, "nested"), "sg");
          PolicyGate.suppress(lab, "HM-NET-001", "lab cluster, torn down nightly");
          PolicyGate.suppress(lab, "HM-NET-002", "unrelated rule: must not waive HM-NET-001");
          openSg(s, "other");
        },
        { rules: NETWORK_RULES },
      );
      expect(gate.violations.map((v) => `${v.ruleId} ${v.path}`)).toEqual(["HM-NET-001 s/other"]);
      expect(gate.suppressed).toEqual([
        {
          ruleId: "HM-NET-001",
          path: "s/lab/nested/sg",
          found: "ingress[0] from 0.0.0.0/0 on tcp/22",
          fix: NET1.fix,
          suppressedAt: "s/lab",
          reason: "lab cluster, torn down nightly",
        },
      ]);
      expect(gate.report()).toContain(
        "[HM-NET-001] s/lab/nested/sg suppressed at s/lab: lab cluster, torn down nightly",
      );
    });

    it("on the stack cover stack-level findings", () => {
      const gate = evaluate((s) => {
        new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
        PolicyGate.suppress(s, "HM-EKS-008", "flow logs are enabled org-wide by a StackSet");
      });
      expect(gate.violations.filter((v) => v.ruleId === "HM-EKS-008")).toEqual([]);
      expect(gate.suppressed.map((x) => x.reason)).toEqual(["flow logs are enabled org-wide by a StackSet"]);
    });

    it("with a blank reason throw a MeshValidationError naming the path and rule", () => {
      const stack = new TerraformStack(Testing.app(), "cloud-infra");
      const eks = new Construct(stack, "eks");
      let err: unknown;
      try {
        PolicyGate.suppress(eks, "HM-EKS-001", "   ");
      } catch (e) {
        err = e;
      }
      expect(MeshValidationError.isMeshValidationError(err)).toBe(true);
      expect((err as MeshValidationError).problems).toEqual([
        'cloud-infra/eks: PolicyGate.suppress("HM-EKS-001").reason: "   " is blank; write why the rule does not apply here',
      ]);
      expect(() => {
        PolicyGate.suppress(eks, "net-1", "why");
      }).toThrow('cloud-infra/eks: PolicyGate.suppress.ruleId: "net-1" is not a rule ID');
    });

    it("naming an unknown rule fail when the gate runs", () => {
      const stack = new TerraformStack(Testing.app(), "s");
      PolicyGate.suppress(new Construct(stack, "x"), "HM-NET-999", "typo");
      new PolicyGate().applyTo(stack);
      expect(() => Testing.synth(stack)).toThrow(
        /^s\/x: PolicyGate\.suppress\.ruleId: "HM-NET-999" is not a rule of this PolicyGate/,
      );
    });
  });

  it("stays linear: a stack of 1000 services' resources is one cheap pass", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    for (let i = 0; i < 1000; i++) {
      new SecurityGroup(stack, `sg${i}`, {
        description: "svc",
        ingress: [{ fromPort: 8080, toPort: 8080, protocol: "tcp", cidrBlocks: ["10.0.0.0/8"], description: "svc" }],
      });
    }
    const gate = new PolicyGate();
    const started = process.hrtime.bigint();
    gate.visit(stack);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(gate.violations).toEqual([]);
    expect(ms).toBeLessThan(3_000); // generous: guards against quadratic blow-ups, not a benchmark
  });
});
