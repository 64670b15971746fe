import { Fn, Lazy, Op, TerraformLocal, type TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { DOCUMENTATION_V4 } from "../config/cidr";

/** The network addresses of RFC 5737's documentation networks, which the example config uses. */
const DOCUMENTATION_NETWORKS = DOCUMENTATION_V4.map((cidr) => cidr.split("/")[0]);
/** The account IDs AWS's documentation uses in example ARNs. */
const DOCUMENTATION_ACCOUNTS = ["111122223333", "123456789012"];

/** One configured value a resource uses, and the config key that sets it. */
export interface ExampleCheck {
  /** Config key, e.g. "connectivity.vpn.customerGatewayIp". */
  readonly key: string;
  readonly kind: "address" | "cidr" | "arn";
  readonly value: string;
}

/**
 * Preconditions that fail the plan of `resource` when a value it uses is an example from the
 * documentation (the default config's), naming the config key to set. `npm run synth` stays
 * offline and green with the examples; a real plan stops before anything is created. The test is
 * Terraform's: the /24 around the address, or the account field of the ARN. Each value is held in
 * a local (`checked_values`), because Terraform rejects a condition that refers to no object.
 */
export function rejectExampleValues(
  scope: Construct,
  resource: TerraformResource,
  checks: readonly ExampleCheck[],
): void {
  if (!checks.length) return;
  const { local, values } = checkedValues(scope);
  const precondition = checks.map(({ key, kind, value }) => {
    values[key] = value;
    const ref = Fn.lookup(local.asStringMap, key) as string;
    return kind === "arn"
      ? {
          condition: Op.not(Fn.contains(DOCUMENTATION_ACCOUNTS, Fn.element(Fn.split(":", ref), 4))),
          errorMessage: `${key} is an example ARN from the documentation (account ${DOCUMENTATION_ACCOUNTS.join(" or ")}); set it to your own.`,
        }
      : {
          condition: Op.not(
            Fn.contains(
              DOCUMENTATION_NETWORKS,
              Fn.cidrhost(Fn.join("", [Fn.element(Fn.split("/", ref), 0) as string, "/24"]), 0),
            ),
          ),
          errorMessage: `${key} is in a documentation range (RFC 5737) from the example config; set it to your own ${kind === "cidr" ? "network" : "address"}.`,
        };
  });
  resource.lifecycle = {
    ...resource.lifecycle,
    precondition: [...(resource.lifecycle?.precondition ?? []), ...precondition],
  };
}

const locals = new WeakMap<Construct, { local: TerraformLocal; values: Record<string, string> }>();

/** The scope's one local of checked values, by config key; filled until synth. */
function checkedValues(scope: Construct): { local: TerraformLocal; values: Record<string, string> } {
  let entry = locals.get(scope);
  if (!entry) {
    const values: Record<string, string> = {};
    entry = { local: new TerraformLocal(scope, "checked_values", Lazy.anyValue({ produce: () => values })), values };
    locals.set(scope, entry);
  }
  return entry;
}
