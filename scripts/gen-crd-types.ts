/**
 * Generates constructs/crd-types.ts: one readonly TypeScript interface per object in the `spec` of
 * each consul-k8s CRD schema, so that every spec field can be typed in construct props.
 *
 *   npx tsx scripts/gen-crd-types.ts [--check]
 *
 * Input: ../shared/reference/consul-k8s/crds (the CRD schemas of the pinned chart). --check exits 1
 * when the committed file differs from what the schemas give (test/constructs/crd-types.test.ts runs it).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const CRD_DIR = join(__dirname, "..", "..", "shared", "reference", "consul-k8s", "crds");
export const OUTPUT = join(__dirname, "..", "constructs", "crd-types.ts");

interface Schema {
  readonly type?: string;
  readonly properties?: { readonly [k: string]: Schema };
  readonly items?: Schema;
  readonly additionalProperties?: Schema | boolean;
  readonly required?: readonly string[];
  readonly format?: string;
  readonly "x-kubernetes-int-or-string"?: boolean;
}

const pascal = (s: string) =>
  s.replace(/(^|[-_])([a-z])/g, (_m, _d, c: string) => c.toUpperCase()).replace(/^[a-z]/, (c) => c.toUpperCase());
/** routes -> Route, policies -> Policy, headers -> Header; keeps "address", "tls". */
const singular = (s: string) =>
  /ies$/.test(s) ? s.replace(/ies$/, "y") : /[^s]s$/.test(s) && !/(tls|status|Ms)$/i.test(s) ? s.slice(0, -1) : s;

// Enum-like fields: the CRDs leave them plain strings; the consul-k8s webhooks (Validate() in
// control-plane/api/v1alpha1/*_types.go) accept only these values. Keyed by path, "*" for a map key.
const PROTO = '"tcp" | "http" | "http2" | "grpc"';
const MGW = '"none" | "local" | "remote"';
const TLSV = '"TLS_AUTO" | "TLSv1_0" | "TLSv1_1" | "TLSv1_2" | "TLSv1_3"';
const ENUMS: { readonly [path: string]: string } = {
  "ServiceDefaults.spec.protocol": PROTO,
  "ServiceDefaults.spec.mode": '"direct" | "transparent"',
  "ProxyDefaults.spec.mode": '"direct" | "transparent"',
  "ServiceDefaults.spec.mutualTLSMode": '"strict" | "permissive"',
  "ProxyDefaults.spec.mutualTLSMode": '"strict" | "permissive"',
  "ServiceDefaults.spec.balanceInboundConnections": '"exact_balance"',
  "ServiceDefaults.spec.meshGateway.mode": MGW,
  "ProxyDefaults.spec.meshGateway.mode": MGW,
  "ServiceDefaults.spec.upstreamConfig.defaults.meshGateway.mode": MGW,
  "ServiceDefaults.spec.upstreamConfig.overrides[].meshGateway.mode": MGW,
  "ServiceDefaults.spec.upstreamConfig.defaults.protocol": PROTO,
  "ServiceDefaults.spec.upstreamConfig.overrides[].protocol": PROTO,
  "ProxyDefaults.spec.accessLogs.type": '"stdout" | "stderr" | "file"',
  "ProxyDefaults.spec.failoverPolicy.mode": '"sequential" | "order-by-locality"',
  "ProxyDefaults.spec.prioritizeByLocality.mode": '"none" | "failover"',
  "ServiceResolver.spec.prioritizeByLocality.mode": '"none" | "failover"',
  "ServiceResolver.spec.failover.*.policy.mode": '"sequential" | "order-by-locality"',
  "ServiceResolver.spec.loadBalancer.policy": '"random" | "round_robin" | "least_request" | "ring_hash" | "maglev"',
  "ServiceResolver.spec.loadBalancer.hashPolicies[].field": '"header" | "cookie" | "query_parameter"',
  "Mesh.spec.tls.incoming.tlsMinVersion": TLSV,
  "Mesh.spec.tls.incoming.tlsMaxVersion": TLSV,
  "Mesh.spec.tls.outgoing.tlsMinVersion": TLSV,
  "Mesh.spec.tls.outgoing.tlsMaxVersion": TLSV,
  // Envoy's proto enum names, which Consul checks (agent/structs/config_entry_mesh.go
  // validateHeadersWithUnderscoresAction / validatePathWithEscapedSlashesAction); consul-k8s passes them through.
  "Mesh.spec.http.incoming.requestNormalization.headersWithUnderscoresAction":
    '"ALLOW" | "REJECT_REQUEST" | "DROP_HEADER"',
  "Mesh.spec.http.incoming.requestNormalization.pathWithEscapedSlashesAction":
    '"IMPLEMENTATION_SPECIFIC_DEFAULT" | "KEEP_UNCHANGED" | "REJECT_REQUEST" | "UNESCAPE_AND_REDIRECT" | "UNESCAPE_AND_FORWARD"',
  "IngressGateway.spec.listeners[].protocol": PROTO,
  "IngressGateway.spec.tls.tlsMinVersion": TLSV,
  "IngressGateway.spec.tls.tlsMaxVersion": TLSV,
  "IngressGateway.spec.listeners[].tls.tlsMinVersion": TLSV,
  "IngressGateway.spec.listeners[].tls.tlsMaxVersion": TLSV,
  "ControlPlaneRequestLimit.spec.mode": '"permissive" | "enforcing" | "disabled"',
  "ServiceIntentions.spec.sources[].action": '"allow" | "deny"',
  "ServiceIntentions.spec.sources[].permissions[].action": '"allow" | "deny"',
  "PeeringAcceptor.spec.peer.secret.backend": '"kubernetes"',
  "PeeringDialer.spec.peer.secret.backend": '"kubernetes"',
  "JWTProvider.spec.jsonWebKeySet.remote.jwksCluster.discoveryType":
    '"STATIC" | "STRICT_DNS" | "LOGICAL_DNS" | "EDS" | "ORIGINAL_DST"',
};

// Fields the webhooks require although the CRDs leave them optional (e.g. a linked service without a
// name is rejected), so that the types say so.
const REQUIRED: ReadonlySet<string> = new Set(["TerminatingGateway.spec.services[].name"]);

/** Generates the source text from the schemas in `dir`. */
export function generate(dir: string = CRD_DIR): string {
  const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8")) as { kind: string; file: string }[];
  const decls: string[] = [];
  const seen = new Set<string>();
  const used = new Set<string>();

  // Returns the TypeScript type of `s`, declaring interfaces for objects; `name` is the interface name.
  function typeOf(s: Schema, name: string, path: string): string {
    if (s["x-kubernetes-int-or-string"]) return "number | string";
    if (ENUMS[path]) {
      if (s.type !== "string") throw new Error(`${path}: enum on a ${s.type}`);
      used.add(path);
      return ENUMS[path];
    }
    switch (s.type) {
      case "string":
        return "string";
      case "integer":
      case "number":
        return "number";
      case "boolean":
        return "boolean";
      case "array":
        return s.items ? `${wrap(typeOf(s.items, singular(name), `${path}[]`))}[]` : "unknown[]";
      case "object":
        if (s.properties && Object.keys(s.properties).length) {
          declare(s, name, path);
          return name;
        }
        if (s.additionalProperties && typeof s.additionalProperties === "object") {
          return `{ readonly [key: string]: ${typeOf(s.additionalProperties, name.replace(/s$/, "") + "Entry", `${path}.*`)} }`;
        }
        return "{ readonly [key: string]: unknown }";
      default:
        return "unknown";
    }
  }

  // `prefix` names the children: the root "ServiceRouterSpec" has children "ServiceRouterRoute"...
  function declare(s: Schema, name: string, path: string, prefix: string = name, doc = `\`${path}\`.`): void {
    if (seen.has(name)) throw new Error(`${path}: interface name ${name} is generated twice`);
    seen.add(name);
    const properties = s.properties ?? {};
    const required = new Set([
      ...(s.required ?? []),
      ...Object.keys(properties).filter((k) => REQUIRED.has(`${path}.${k}`)),
    ]);
    const fields = Object.keys(properties)
      .sort()
      .map((k) => {
        const child = properties[k];
        const t = typeOf(child, prefix + pascal(child.type === "array" ? singular(k) : k), `${path}.${k}`);
        const opt = required.has(k) ? "" : "?";
        const def = required.has(k) ? "" : "\n   * @default - unset (Consul's default)";
        return `  /**\n   * \`${path}.${k}\`.${def}\n   */\n  readonly ${k}${opt}: ${t};`;
      });
    decls.push(`/** ${doc} */\nexport interface ${name} {\n${fields.join("\n")}\n}`);
  }

  for (const { kind, file } of index) {
    const schema = JSON.parse(readFileSync(join(dir, file), "utf8")) as Schema;
    const spec = schema.properties?.spec;
    if (!spec) throw new Error(`${file}: no spec`);
    const entry = kind.startsWith("Peering")
      ? undefined
      : kind.replace(/^JWT/, "Jwt").replace(/[A-Z]/g, (c, i: number) => `${i ? "-" : ""}${c.toLowerCase()}`);
    const doc = entry
      ? `\`${kind}.spec\`: Consul's \`${entry}\` config entry (https://developer.hashicorp.com/consul/docs/connect/config-entries/${entry}).`
      : `\`${kind}.spec\`.`;
    declare(spec, `${kind}Spec`, `${kind}.spec`, kind, doc);
  }
  const unused = Object.keys(ENUMS).filter((p) => !used.has(p));
  if (unused.length) throw new Error(`enum paths not in any schema: ${unused.join(", ")}`);
  return [
    "// Generated by scripts/gen-crd-types.ts from the consul-k8s CRD schemas; do not edit.",
    "// One interface per object of each kind's `spec`; field names are the CRD's own.",
    "",
    decls.join("\n\n"),
    "",
  ].join("\n");
}

function wrap(t: string): string {
  return t.includes("|") ? `(${t})` : t;
}

if (require.main === module) {
  const text = generate();
  if (process.argv.includes("--check")) {
    if (readFileSync(OUTPUT, "utf8") !== text) {
      console.error("constructs/crd-types.ts is stale: run `npx tsx scripts/gen-crd-types.ts`");
      process.exit(1);
    }
  } else {
    writeFileSync(OUTPUT, text);
  }
}
