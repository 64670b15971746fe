/**
 * CRD spec -> Consul config entry body. The CRDs name fields in camelCase; the config entries
 * take the Go field names of Consul's api package (PascalCase with upper-case acronyms: TLS,
 * HTTP, SNI, JWKS ...), which is what consul-k8s's ToConsul() methods map them to
 * (hashicorp/consul-k8s control-plane/api/v1alpha1/*_types.go) and what
 * `api.DecodeConfigEntry` decodes from `consul_config_entry.config_json`
 * (terraform-provider-consul consul/resource_consul_config_entry.go). Open maps (proxy config,
 * envoy extension arguments, header maps, resolver subsets and failover) keep their keys.
 */

/** Consul's name of each kind that has a config entry, by CRD kind. */
export const CONFIG_ENTRY_KINDS: { readonly [crdKind: string]: string } = {
  Mesh: "mesh",
  ProxyDefaults: "proxy-defaults",
  ServiceDefaults: "service-defaults",
  ServiceIntentions: "service-intentions",
  ServiceResolver: "service-resolver",
  ServiceRouter: "service-router",
  ServiceSplitter: "service-splitter",
  ExportedServices: "exported-services",
  TerminatingGateway: "terminating-gateway",
  IngressGateway: "ingress-gateway",
  JWTProvider: "jwt-provider",
  SamenessGroup: "sameness-group",
  // api.RateLimitIPConfig (api/config_entry.go makeConfigEntry): RateLimitIPConfigEntry.
  ControlPlaneRequestLimit: "control-plane-request-limit",
};

/** CRD kinds that are Kubernetes objects, not Consul config entries: why each has no VM form. */
export const KUBERNETES_ONLY_KINDS: { readonly [crdKind: string]: string } = {
  PeeringAcceptor:
    "is a consul-k8s resource, not a Consul config entry (consul-k8s generates the peering token into a Kubernetes Secret); with a Consul provider generate the token with consul_peering_token",
  PeeringDialer:
    "is a consul-k8s resource, not a Consul config entry (it reads the peering token from a Kubernetes Secret); with a Consul provider establish the peering with consul_peering",
  MeshWorkload:
    "is a Kubernetes Deployment, Service and ServiceAccount, not a Consul config entry; on VMs run the service under systemd with an agent service definition",
};

/**
 * Spec fields that configure consul-k8s, not Consul (consul-k8s 2.0 terminatinggateway_types.go:
 * the gateway's Deployment, and credentials read from Kubernetes Secrets); a config entry has no
 * place for them. Paths leave array indexes out.
 */
const KUBERNETES_ONLY_FIELDS: { readonly [crdKind: string]: readonly string[] } = {
  TerminatingGateway: ["deployment", "services.secretRef"],
};

/** Where a resolved spec sets a Kubernetes-only field, and its value, e.g. [["services[1].secretRef", {...}]]. */
export function kubernetesOnlyFields(crdKind: string, spec: unknown): [string, unknown][] {
  const found: [string, unknown][] = [];
  for (const field of KUBERNETES_ONLY_FIELDS[crdKind] ?? []) find(spec, field.split("."), "", found);
  return found;
}

function find(value: unknown, keys: readonly string[], at: string, found: [string, unknown][]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      find(v, keys, `${at}[${i}]`, found);
    });
    return;
  }
  if (!isPlainObject(value) || value[keys[0]] === undefined) return;
  const here = at ? `${at}.${keys[0]}` : keys[0];
  if (keys.length === 1) found.push([here, value[keys[0]]]);
  else find(value[keys[0]], keys.slice(1), here, found);
}

/** Words the Go field names spell in upper case. */
const ACRONYMS = new Set(["acl", "http", "id", "ip", "json", "jwks", "jwt", "kv", "sds", "sni", "tls", "ttl", "uri"]);

/** Go field names the word rule gets wrong ("ca" is upper case only here; CaCertificateProviderInstance keeps "Ca"). */
const EXCEPTIONS: { readonly [crdKey: string]: string } = {
  caFile: "CAFile", // api.LinkedService (api/config_entry_gateways.go)
};

/** The Go field name of a CRD (camelCase) key, e.g. tlsMinVersion -> TLSMinVersion, sourceIP -> SourceIP. */
export function goFieldName(key: string): string {
  const known = EXCEPTIONS[key];
  if (known) return known;
  const words = key.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [key];
  return words.map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1))).join("");
}

/** How a field's value is converted: "opaque" = copied as is; "keyed" = an open map whose values are structs. */
type Treatment = "opaque" | "keyed" | undefined;

/** Open maps, by CRD kind: the path of CRD keys from the spec (array indexes and map keys left out). */
const OPEN: { readonly [crdKind: string]: { readonly [path: string]: Treatment } } = {
  ProxyDefaults: { config: "opaque" }, // api.ProxyConfigEntry.Config map[string]interface{}
  ServiceResolver: { subsets: "keyed", failover: "keyed" }, // map[string]ServiceResolverSubset / ...Failover
};

function treatment(kind: string, path: readonly string[]): Treatment {
  const [parent, last] = path.slice(-2);
  // api.EnvoyExtension.Arguments map[string]interface{}; api.HTTPHeaderModifiers Add/Set map[string]string.
  if (last === "arguments" && parent === "envoyExtensions") return "opaque";
  if ((last === "add" || last === "set") && (parent === "requestHeaders" || parent === "responseHeaders"))
    return "opaque";
  return (OPEN[kind] as (typeof OPEN)[string] | undefined)?.[path.join(".")];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function convert(kind: string, value: unknown, path: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => convert(kind, v, path));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    const p = [...path, k];
    const how = treatment(kind, p);
    if (how === "opaque") out[goFieldName(k)] = v;
    else if (how === "keyed" && isPlainObject(v))
      out[goFieldName(k)] = Object.fromEntries(Object.entries(v).map(([mk, mv]) => [mk, convert(kind, mv, p)]));
    else out[goFieldName(k)] = convert(kind, v, p);
  }
  return out;
}

/**
 * The body of a config entry (what goes into config_json) from a CRD kind and its resolved spec.
 * Kind, Name, Namespace and Partition are not in it: the provider sets them from its attributes.
 * ServiceIntentions' spec.destination is the entry's Name (and Namespace) in Consul
 * (consul-k8s serviceintentions_types.go ToConsul), so it is left out of the body.
 */
export function toConfigEntryBody(crdKind: string, spec: unknown): Record<string, unknown> {
  const body = isPlainObject(spec) ? { ...spec } : {};
  if (crdKind !== "ServiceIntentions") return convert(crdKind, body, []) as Record<string, unknown>;
  const destination = isPlainObject(body.destination) ? body.destination : {};
  delete body.destination;
  const out = convert(crdKind, body, []) as Record<string, unknown>;
  if (Array.isArray(out.Sources)) {
    const sources = out.Sources.map((src: Record<string, unknown>) => ({ ...src, ...serverFields(destination, src) }));
    // Consul stores the sources by precedence, highest first, keeping the order of equals
    // (ServiceIntentionsConfigEntry normalize, sort.SliceStable); Array.prototype.sort is stable too.
    out.Sources = sources.sort((a, b) => b.Precedence - a.Precedence);
  }
  return out;
}

/**
 * The fields Consul fills in on every source of a stored service-intentions entry: Type "consul"
 * and the Precedence of the source/destination pair. The provider compares config_json with the
 * stored entry after decoding both (terraform-provider-consul resource_consul_config_entry.go
 * diffConfigJSON), so without them every plan shows a change (hashicorp/terraform-provider-consul
 * issue 281; its own acceptance tests write Precedence and Type). Precedence is Consul's
 * (agent/structs/config_entry_intentions.go computeIntentionPrecedence): 9, 6 or 3 for a
 * destination with 2, 1 or 0 exact parts (namespace, name), minus the wildcard parts of the source.
 * Consul Enterprise also fills in each source's Namespace and Partition; they are not added here.
 */
function serverFields(
  destination: Record<string, unknown>,
  src: Record<string, unknown>,
): { Type: string; Precedence: number } {
  const exact = (ns: unknown, name: unknown) => (ns === "*" ? 0 : name === "*" ? 1 : 2);
  const max = [3, 6, 9][exact(destination.namespace, destination.name)];
  return { Type: "consul", Precedence: max - (2 - exact(src.Namespace, src.Name)) };
}
