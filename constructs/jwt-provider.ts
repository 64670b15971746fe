import { Construct } from "constructs";
import { ConsulEntryResource, ConsulResourceProps } from "./consul-resource";
import type { JWTProviderJsonWebKeySet, JWTProviderSpec } from "./crd-types";
import { checkConsulResourceProps } from "./private/kubernetes";
import { createConsulResource } from "./private/target";
import { Problems } from "./private/problems";
import { pickSpec } from "./private/specs";
import {
  checkDnsLabel,
  checkDuration,
  checkEnum,
  checkInt,
  checkRequired,
  durationMs,
  isToken,
} from "./private/validation";

/** Envoy cluster discovery types of a remote JWKS server. */
export const JWKS_DISCOVERY_TYPES = ["STATIC", "STRICT_DNS", "LOGICAL_DNS", "EDS", "ORIGINAL_DST"] as const;

/** Props of {@link JWTProvider}. */
export interface JWTProviderProps extends ConsulResourceProps, JWTProviderSpec {
  /** Name of the provider (the resource and config entry name); intentions refer to it. */
  readonly name: string;
  /** Where the keys that sign the JWTs come from: set exactly one of local and remote. */
  readonly jsonWebKeySet: JWTProviderJsonWebKeySet;
}

/**
 * The JWTProvider config entry: a JSON Web Token issuer whose tokens sidecars verify for the
 * intentions that name it (`ServiceIntentions` `jwt.providers`).
 */
export class JWTProvider extends Construct {
  /** The emitted `kubernetes_manifest`, or `consul_config_entry` with a Consul provider. */
  public readonly resource: ConsulEntryResource;
  /** The provider name. */
  public readonly providerName: string;

  constructor(scope: Construct, id: string, props: JWTProviderProps) {
    super(scope, id);
    this.providerName = props.name;
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "JWTProvider", props);
    if (checkRequired(p, "JWTProvider.name", props.name)) checkDnsLabel(p, "JWTProvider.name", props.name);
    checkKeySet(p, "JWTProvider.jsonWebKeySet", props.jsonWebKeySet);
    // consul-k8s jwtprovider_types.go: each location sets exactly one of header, queryParam, cookie, with a name.
    (props.locations ?? []).forEach((l, i) => {
      const path = `JWTProvider.locations[${i}]`;
      const set = (["header", "queryParam", "cookie"] as const).filter((k) => l[k] !== undefined);
      if (set.length !== 1) p.add(path, l, "must set exactly one of header, queryParam, cookie");
      for (const k of set) checkRequired(p, `${path}.${k}.name`, l[k]?.name);
    });
    if (props.forwarding) checkRequired(p, "JWTProvider.forwarding.headerName", props.forwarding.headerName);
    checkInt(p, "JWTProvider.clockSkewSeconds", props.clockSkewSeconds, 0);
    checkInt(p, "JWTProvider.cacheConfig.size", props.cacheConfig?.size, 0);
    p.throwIfAny();

    this.resource = createConsulResource(this, {
      kind: "JWTProvider",
      name: props.name,
      props,
      spec: buildJWTProviderSpec(props),
    });
  }
}

/** The spec of a JWTProvider. */
export function buildJWTProviderSpec(props: JWTProviderSpec): JWTProviderSpec {
  return pickSpec(props, [
    "audiences",
    "cacheConfig",
    "clockSkewSeconds",
    "forwarding",
    "issuer",
    "jsonWebKeySet",
    "locations",
  ]);
}

function checkKeySet(p: Problems, path: string, k: JWTProviderJsonWebKeySet | undefined): void {
  if (!k) {
    p.add(path, k, "is required; set local or remote");
    return;
  }
  if (!!k.local === !!k.remote) {
    p.add(path, k, "must set exactly one of local and remote");
    return;
  }
  if (k.local) {
    if (!!k.local.jwks === !!k.local.filename)
      p.add(`${path}.local`, k.local, "must set exactly one of jwks and filename");
    else if (k.local.jwks && !isToken(k.local.jwks) && !isBase64(k.local.jwks))
      p.add(`${path}.local.jwks`, k.local.jwks, "is not base64 (encode the JWKS JSON)");
    return;
  }
  const r = k.remote;
  if (!r) return; // unreachable: exactly one of local and remote is set, and local returned above
  if (checkRequired(p, `${path}.remote.uri`, r.uri) && r.uri !== undefined && !isToken(r.uri)) {
    try {
      new URL(r.uri);
    } catch {
      p.add(`${path}.remote.uri`, r.uri, "is not an absolute URI (Envoy fetches the key set from it)");
    }
  }
  checkDuration(p, `${path}.remote.cacheDuration`, r.cacheDuration);
  checkInt(p, `${path}.remote.requestTimeoutMs`, r.requestTimeoutMs, 0);
  checkInt(p, `${path}.remote.retryPolicy.numRetries`, r.retryPolicy?.numRetries, 0);
  const b = r.retryPolicy?.retryPolicyBackOff;
  if (b) {
    const bp = `${path}.remote.retryPolicy.retryPolicyBackOff`;
    checkDuration(p, `${bp}.baseInterval`, b.baseInterval);
    checkDuration(p, `${bp}.maxInterval`, b.maxInterval);
    // jwtprovider_types.go RetryPolicyBackOff.validate: a set maxInterval is at least baseInterval.
    const base = durationMs(b.baseInterval);
    const max = durationMs(b.maxInterval);
    if (base !== undefined && max !== undefined && max !== 0 && base > max)
      p.add(`${bp}.maxInterval`, b.maxInterval, `is below baseInterval ${JSON.stringify(b.baseInterval)}`);
  }
  const c = r.jwksCluster;
  if (c) {
    // jwtprovider_types.go ClusterDiscoveryType.validate rejects an empty type too.
    if (c.discoveryType === undefined)
      p.add(
        `${path}.remote.jwksCluster.discoveryType`,
        c.discoveryType,
        `is required with jwksCluster; use one of ${JWKS_DISCOVERY_TYPES.join(", ")}`,
      );
    else checkEnum(p, `${path}.remote.jwksCluster.discoveryType`, c.discoveryType, JWKS_DISCOVERY_TYPES);
    checkDuration(p, `${path}.remote.jwksCluster.connectTimeout`, c.connectTimeout);
    const t = c.tlsCertificates;
    if (t) {
      const tp = `${path}.remote.jwksCluster.tlsCertificates`;
      if (!!t.trustedCA === !!t.caCertificateProviderInstance)
        p.add(tp, t, "must set exactly one of trustedCA and caCertificateProviderInstance");
      const ca = t.trustedCA;
      if (ca && [ca.filename, ca.environmentVariable, ca.inlineString, ca.inlineBytes].filter((v) => v).length !== 1) {
        p.add(
          `${tp}.trustedCA`,
          ca,
          "must set exactly one of filename, environmentVariable, inlineString, inlineBytes",
        );
      }
    }
  }
}

function isBase64(s: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(s) && s.length % 4 === 0;
}
