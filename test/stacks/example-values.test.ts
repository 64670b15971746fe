import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadConfig } from "../../config/load";
import type { EksEnvironmentConfig, MeshConfig } from "../../config/types";
import { at, record, type TerraformJson } from "../support";
import { defaultApp, defaultStackJson, stackJson } from "./helpers";

const terraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hm-examples-"));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Every resource of cloud-infra that carries preconditions, by type.name. */
function guarded(json: TerraformJson): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, r] of Object.entries(byName)) {
      const precondition = at(r, "lifecycle.precondition") as Record<string, unknown>[] | undefined;
      if (precondition) out[`${type}.${name}`] = precondition;
    }
  }
  return out;
}

/**
 * Terraform plans the stack's own preconditions and locals, each on a terraform_data stand-in for
 * the guarded resource (the AWS provider cannot be installed here; the built-in one needs nothing).
 */
function plan(json: TerraformJson, name: string): { status: number | null; output: string } {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  const resources = Object.fromEntries(
    Object.entries(guarded(json)).map(([id, precondition]) => [
      id.replace(/\W/g, "_"),
      { input: id, lifecycle: { precondition } },
    ]),
  );
  fs.writeFileSync(
    path.join(dir, "main.tf.json"),
    JSON.stringify({ locals: at(json, "locals"), resource: { terraform_data: resources } }),
  );
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  const init = spawnSync("terraform", [`-chdir=${dir}`, "init", "-input=false", "-no-color"], {
    encoding: "utf8",
    env,
  });
  expect(init.status).toBe(0);
  const r = spawnSync("terraform", [`-chdir=${dir}`, "plan", "-input=false", "-no-color"], { encoding: "utf8", env });
  return { status: r.status, output: `${r.stdout}${r.stderr}`.replace(/\s*\n\s*/g, " ") };
}

function withRealValues(): MeshConfig {
  const base = loadConfig();
  const cloud = base.environments.cloud as EksEnvironmentConfig;
  return {
    ...base,
    environments: {
      ...base.environments,
      cloud: {
        ...cloud,
        eks: {
          ...cloud.eks,
          publicAccessCidrs: ["100.64.12.0/24"],
          adminRoleArn: "arn:aws:iam::444455556666:role/platform-admin",
        },
      },
    },
    connectivity: { type: "vpn", vpn: { customerGatewayIp: "100.64.1.1", bgpAsn: 65000 } },
  };
}

describe("example values from the default config", () => {
  let example: TerraformJson;
  beforeAll(() => {
    example = defaultStackJson("cloud-infra");
  });

  it("guard the EKS endpoint CIDRs, the admin role and the customer gateway with preconditions naming the config key", () => {
    const g = guarded(example);
    const messages = Object.values(g)
      .flat()
      .map((p) => p.error_message as string);
    expect(
      Object.keys(g)
        .map((k) => k.split(".")[0])
        .sort(),
    ).toEqual(["aws_customer_gateway", "aws_eks_access_entry", "aws_eks_cluster"]);
    expect(messages.map((m) => m.split(" ")[0]).sort()).toEqual([
      "connectivity.vpn.customerGatewayIp",
      "environments.cloud.eks.adminRoleArn",
      "environments.cloud.eks.publicAccessCidrs[0]",
    ]);
    // The resources themselves keep their literal values (the policy gate reads them).
    expect(at(Object.values(record(example, "resource.aws_customer_gateway"))[0], "ip_address")).toBe("198.51.100.1");
  });

  (terraform ? it : it.skip)(
    "make a real terraform plan fail, naming each config key to set",
    () => {
      const r = plan(example, "example");
      expect(r.status).toBe(1);
      for (const key of [
        "environments.cloud.eks.publicAccessCidrs[0]",
        "environments.cloud.eks.adminRoleArn",
        "connectivity.vpn.customerGatewayIp",
      ]) {
        expect(r.output).toContain(`${key} is`);
      }
      expect(r.output).toContain("Resource precondition failed");
    },
    30_000,
  );

  (terraform ? it : it.skip)(
    "let the plan through once the keys hold real values",
    () => {
      const real = stackJson(defaultApp(withRealValues()), "cloud-infra");
      expect(Object.keys(guarded(real))).toHaveLength(3);
      const r = plan(real, "real");
      expect(r.output).not.toContain("precondition failed");
      expect(r.status).toBe(0);
    },
    30_000,
  );
});
