import { get, isObject, isTrue, objects } from "../json";
import { showOrAbsent } from "../../private/format";
import { CONSUL_API_VERSION } from "../../consul-resource";
import { CONFIG_ENTRY_KINDS } from "../../private/entry-json";
import { Finding, JsonObject, PolicyContext, PolicyElement, PolicyRule } from "../types";

/**
 * A Consul config entry: a custom resource rendered by a kubernetes_manifest, or a
 * consul_config_entry. `kind` is the CRD kind and `spec` has the CRD's field names for both.
 */
interface ConsulCr {
  readonly el: PolicyElement;
  readonly kind: string;
  readonly name: unknown;
  readonly spec: JsonObject;
}

/** CRD kind by Consul config-entry kind. */
const CRD_KIND = new Map(Object.entries(CONFIG_ENTRY_KINDS).map(([crd, entry]) => [entry, crd]));

/** The stack's Consul config entries, in either form, computed once per stack. */
function consulCrs(ctx: PolicyContext): readonly ConsulCr[] {
  return ctx.memo("mesh.crs", () => {
    const out: ConsulCr[] = [];
    for (const el of ctx.resources("kubernetes_manifest")) {
      const m = el.config.manifest;
      if (!isObject(m) || m.apiVersion !== CONSUL_API_VERSION) continue;
      out.push({ el, kind: String(m.kind), name: get(m, "metadata.name"), spec: isObject(m.spec) ? m.spec : {} });
    }
    for (const el of ctx.resources("consul_config_entry")) out.push(fromConfigEntry(el));
    return out;
  });
}

/**
 * A consul_config_entry seen as its custom resource: config_json's Go field names lower-cased
 * at the first letter (the fields the rules read have no acronyms), and ServiceIntentions' entry
 * name as spec.destination.name, where the CRD keeps it. config_json that Terraform computes
 * (a "${...}" expression) or that is not JSON reads as an empty spec.
 */
function fromConfigEntry(el: PolicyElement): ConsulCr {
  const kind = String(el.config.kind);
  let body: unknown;
  try {
    body = typeof el.config.config_json === "string" ? JSON.parse(el.config.config_json) : undefined;
  } catch {
    body = undefined;
  }
  const fields = isObject(body) ? (lowerFirst(body) as JsonObject) : {};
  const crdKind = CRD_KIND.get(kind) ?? kind;
  const spec =
    crdKind === "ServiceIntentions"
      ? { ...fields, destination: { name: el.config.name, namespace: el.config.namespace } }
      : fields;
  return { el, kind: crdKind, name: el.config.name, spec };
}

function lowerFirst(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(lowerFirst);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.charAt(0).toLowerCase() + k.slice(1), lowerFirst(x)]));
}

const intentions = (ctx: PolicyContext) => consulCrs(ctx).filter((c) => c.kind === "ServiceIntentions");

/** HM-MESH-001: each stack with Consul CRs holds a default-deny intention. */
export const meshDefaultDeny: PolicyRule = {
  id: "HM-MESH-001",
  rationale: "An explicit `*` → `*` deny intention keeps the mesh default-deny even if the ACL default policy changes.",
  fix: 'add ServiceIntentions with destination.name "*" and source { name: "*", action: "deny" } to this stack (ServiceIntentions.defaultDeny, on the stack\'s kubernetes or Consul provider)',
  check(ctx) {
    const crs = consulCrs(ctx);
    if (!crs.length) return [];
    const hasDeny = intentions(ctx).some(
      (i) =>
        get(i.spec, "destination.name") === "*" &&
        objects(i.spec.sources).some((s) => s.name === "*" && s.action === "deny"),
    );
    return hasDeny
      ? []
      : [
          {
            construct: ctx.stack,
            found: `${crs.length} Consul resource(s) but no default-deny ServiceIntentions (destination "*", source "*" deny)`,
          },
        ];
  },
};

/** HM-MESH-002: no intention allows every source. */
export const meshNoWildcardAllow: PolicyRule = {
  id: "HM-MESH-002",
  rationale:
    "An allow from source `*` lets every service (and, with a peer, every peered service) call the destination.",
  fix: "name each calling service (and its peer) in its own source with action allow",
  check(ctx) {
    const findings: Finding[] = [];
    for (const i of intentions(ctx)) {
      objects(i.spec.sources).forEach((s, n) => {
        if (s.name !== "*") return;
        const allows = s.action === "allow" || objects(s.permissions).some((p) => p.action === "allow");
        if (allows) {
          const peer = s.peer ? ` (peer ${showOrAbsent(s.peer)})` : "";
          findings.push({
            construct: i.el.construct,
            found: `ServiceIntentions ${showOrAbsent(i.name)} sources[${n}] allows name "*"${peer} to ${showOrAbsent(get(i.spec, "destination.name"))}`,
          });
        }
      });
    }
    return findings;
  },
};

/** HM-MESH-003: peering control traffic goes through the mesh gateways. */
export const meshPeerThroughGateways: PolicyRule = {
  id: "HM-MESH-003",
  rationale: "Without peerThroughMeshGateways, peering needs direct server-to-server reachability across environments.",
  fix: "set spec.peering.peerThroughMeshGateways: true on the Mesh resource",
  check(ctx) {
    return consulCrs(ctx)
      .filter((c) => c.kind === "Mesh" && !isTrue(get(c.spec, "peering.peerThroughMeshGateways")))
      .map((c) => ({
        construct: c.el.construct,
        found: `Mesh ${showOrAbsent(c.name)} spec.peering.peerThroughMeshGateways is ${showOrAbsent(get(c.spec, "peering.peerThroughMeshGateways"))}`,
      }));
  },
};

/** Mesh rules: Consul config entries, as CRDs (kubernetes_manifest) or consul_config_entry. */
export const MESH_RULES: readonly PolicyRule[] = [meshDefaultDeny, meshNoWildcardAllow, meshPeerThroughGateways];
