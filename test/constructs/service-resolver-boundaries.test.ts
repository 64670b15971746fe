import { TerraformStack } from "cdktf";
import { ConsulTarget } from "../../constructs/consul-target";
import { ServiceResolver, ServiceResolverProps } from "../../constructs/service-resolver";
import { enterpriseStack, newStack, onlyManifest, problemsOf } from "./helpers";

// ServiceResolver at each boundary: field paths in messages, the load balancer's policy pairings
// (Consul agent/structs/config_entry_discoverychain.go), the redirect and failover exclusions of
// consul-k8s serviceresolver_types.go, cross-datacenter fields outside the default partition, and
// Enterprise-only fields on a CE target.
const sr =
  (props: Partial<ServiceResolverProps>, stack: TerraformStack = newStack()) =>
  () =>
    new ServiceResolver(stack, "r", { service: "c", ...props });
const R = "test/r: ServiceResolver";
const LABEL =
  'is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)';
/** An Enterprise stack whose consul-k8s runs in admin partition "p1". */
function partitionStack(): TerraformStack {
  const stack = newStack();
  ConsulTarget.set(stack, { edition: "enterprise", namespaces: true, partitions: true, partition: "p1" });
  return stack;
}

describe("ServiceResolver boundaries", () => {
  it("names each top-level field in its message, and reports a missing service once", () => {
    expect(
      problemsOf(
        sr({
          namespace: "Consul",
          requestTimeout: "1",
          subsets: { V1: {}, v2: {} },
          defaultSubset: "v3",
          prioritizeByLocality: { mode: "failover" },
        }),
      ),
    ).toEqual([
      `${R}.namespace: "Consul" ${LABEL}`,
      `${R}.requestTimeout: "1" is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"`,
      `${R}.subsets.V1: "V1" ${LABEL}`,
      `${R}.defaultSubset: "v3" is not one of the subsets ("V1", "v2")`,
    ]);
    expect(problemsOf(sr({ service: "" }))).toEqual([`${R}.service: "" is required`]);
    expect(problemsOf(sr({ service: "C" }))).toEqual([`${R}.service: "C" ${LABEL}`]);
    expect(problemsOf(sr({ defaultSubset: "v1" }))).toEqual([
      `${R}.defaultSubset: "v1" is not one of the subsets (none defined)`,
    ]);
    expect(problemsOf(sr({ failover: { v1: { service: "d" } }, subsets: { a: {}, b: {} } }))).toEqual([
      `${R}.failover["v1"]: "v1" is not "*" or one of the subsets ("a", "b")`,
    ]);
  });

  it("accepts each locality mode and refuses another", () => {
    for (const mode of ["none", "failover"] as const) expect(sr({ prioritizeByLocality: { mode } })).not.toThrow();
    expect(problemsOf(sr({ prioritizeByLocality: { mode: "all" as never } }))).toEqual([
      `${R}.prioritizeByLocality.mode: "all" is not allowed; use one of "none", "failover"`,
    ]);
  });

  it("checks failoverPeers: at least one, labels, and a wildcard once", () => {
    expect(problemsOf(sr({ failoverPeers: [] }))).toEqual([`${R}.failoverPeers: [] must name at least one peer`]);
    expect(problemsOf(sr({ failoverPeers: ["Cloud", "on*"] }))).toEqual([
      `${R}.failoverPeers[0]: "Cloud" ${LABEL}`,
      `${R}.failoverPeers[1]: "on*" is not allowed; name one peer`,
    ]);
    expect(problemsOf(sr({ failoverPeers: ["cloud"], redirect: { service: "d" } }))).toEqual([
      `${R}.redirect: {"service":"d"} cannot be set together with failoverPeers; use one`,
    ]);
    expect(problemsOf(sr({ failover: { "*": { service: "e" } }, redirect: { service: "d" } }))).toEqual([
      `${R}.redirect: {"service":"d"} cannot be set together with failover; use one`,
    ]);
  });

  it("checks the load balancer's policy against its hash policies and configs", () => {
    const L = `${R}.loadBalancer`;
    for (const policy of ["ring_hash", "maglev"] as const)
      expect(sr({ loadBalancer: { policy, hashPolicies: [{ sourceIP: true }] } })).not.toThrow();
    expect(sr({ loadBalancer: { policy: "ring_hash", ringHashConfig: { minimumRingSize: 1 } } })).not.toThrow();
    expect(sr({ loadBalancer: { policy: "least_request", leastRequestConfig: { choiceCount: 2 } } })).not.toThrow();
    expect(sr({ loadBalancer: { policy: "random", hashPolicies: [] } })).not.toThrow();
    expect(
      problemsOf(
        sr({
          loadBalancer: {
            policy: "round_robin",
            hashPolicies: [{ sourceIP: true }],
            ringHashConfig: {},
            leastRequestConfig: {},
          },
        }),
      ),
    ).toEqual([
      `${L}.hashPolicies: [{"sourceIP":true}] need policy "ring_hash" or "maglev"`,
      `${L}.ringHashConfig: {} needs policy "ring_hash"`,
      `${L}.leastRequestConfig: {} needs policy "least_request"`,
    ]);
    expect(problemsOf(sr({ loadBalancer: { policy: "maglev", ringHashConfig: {} } }))).toEqual([
      `${L}.ringHashConfig: {} needs policy "ring_hash"`,
    ]);
    expect(problemsOf(sr({ loadBalancer: { policy: "hash" as never } }))).toEqual([
      `${L}.policy: "hash" is not allowed; use one of "random", "round_robin", "least_request", "ring_hash", "maglev"`,
    ]);
  });

  it("checks each hash policy: field or sourceIP, a value with a field, cookie settings", () => {
    const H = `${R}.loadBalancer.hashPolicies`;
    const ok = [
      { field: "header", fieldValue: "x-user" },
      { field: "query_parameter", fieldValue: "u" },
      { sourceIP: true },
      { field: "cookie", fieldValue: "s", cookieConfig: { session: true } },
      { field: "cookie", fieldValue: "t", cookieConfig: { ttl: "1h" } },
    ] as const;
    expect(sr({ loadBalancer: { policy: "ring_hash", hashPolicies: [...ok] } })).not.toThrow();
    const bad = [
      { field: "path", fieldValue: "x" },
      { sourceIP: true, field: "header", fieldValue: "x" },
      {},
      { field: "header" },
      { field: "header", fieldValue: "x", cookieConfig: {} },
      { field: "cookie", fieldValue: "s", cookieConfig: { session: true, ttl: "1x" } },
    ];
    expect(problemsOf(sr({ loadBalancer: { policy: "maglev", hashPolicies: bad as never } }))).toEqual([
      `${H}[0].field: "path" is not allowed; use one of "header", "cookie", "query_parameter"`,
      `${H}[1]: {"sourceIP":true,"field":"header","fieldValue":"x"} sets sourceIP and field; set one`,
      `${H}[2]: {} must set field (with fieldValue) or sourceIP`,
      `${H}[3].fieldValue: undefined is required with field`,
      `${H}[4].cookieConfig: {} needs field "cookie"`,
      `${H}[5].cookieConfig.ttl: "1x" cannot be set together with session`,
      `${H}[5].cookieConfig.ttl: "1x" is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"`,
    ]);
  });

  it("checks a redirect: not empty, its service, peer and the field pairs that exclude each other", () => {
    const D = `${R}.redirect`;
    expect(problemsOf(sr({ redirect: {} }))).toEqual([
      `${D}: {} is empty; set at least a service, peer, datacenter or samenessGroup`,
    ]);
    expect(problemsOf(sr({ redirect: { service: "", datacenter: "" } }))).toEqual([
      `${D}: {"service":"","datacenter":""} is empty; set at least a service, peer, datacenter or samenessGroup`,
    ]);
    for (const k of ["service", "peer", "datacenter", "serviceSubset", "namespace", "partition", "samenessGroup"]) {
      expect(problemsOf(sr({ redirect: { [k]: "" } }))).toEqual([
        `${D}: {"${k}":""} is empty; set at least a service, peer, datacenter or samenessGroup`,
      ]);
    }
    expect(problemsOf(sr({ redirect: { service: "D", peer: "x*" } }))).toEqual([
      `${D}.service: "D" ${LABEL}`,
      `${D}.peer: "x*" is not allowed; name one peer`,
    ]);
    const stack = enterpriseStack();
    expect(
      problemsOf(
        sr(
          { redirect: { service: "d", samenessGroup: "g", serviceSubset: "v1", partition: "p", datacenter: "dc2" } },
          stack,
        ),
      ),
    ).toEqual([
      `${D}.serviceSubset: "v1" cannot be set together with samenessGroup`,
      `${D}.partition: "p" cannot be set together with samenessGroup`,
      `${D}.datacenter: "dc2" cannot be set together with samenessGroup`,
      `${D}.datacenter: "dc2" cannot be set together with partition (cross-datacenter and cross-partition redirect is not supported)`,
    ]);
    expect(
      problemsOf(
        sr({ redirect: { service: "d", peer: "cloud", serviceSubset: "v1", partition: "p" } }, enterpriseStack()),
      ),
    ).toEqual([
      `${D}.serviceSubset: "v1" cannot be set together with peer`,
      `${D}.partition: "p" cannot be set together with peer`,
    ]);
    expect(
      problemsOf(sr({ redirect: { serviceSubset: "v1", namespace: "ns", partition: "p" } }, enterpriseStack())),
    ).toEqual([
      `${D}.serviceSubset: "v1" needs redirect.service`,
      `${D}.namespace: "ns" needs redirect.service`,
      `${D}.partition: "p" needs redirect.service`,
    ]);
    expect(sr({ redirect: { samenessGroup: "g", namespace: "" } }, enterpriseStack())).not.toThrow();
    expect(sr({ redirect: { service: "d", partition: "p", namespace: "ns" } }, enterpriseStack())).not.toThrow();
    expect(sr({ redirect: { service: "d", datacenter: "dc2", peer: "" } })).not.toThrow();
  });

  it("lets a peer go without a service when a sameness group is set", () => {
    expect(sr({ redirect: { peer: "cloud", samenessGroup: "g" } }, enterpriseStack())).not.toThrow();
    // The exemption is the peer's alone: a namespace still needs a service.
    expect(problemsOf(sr({ redirect: { namespace: "ns", samenessGroup: "g" } }, enterpriseStack()))).toEqual([
      `${R}.redirect.namespace: "ns" needs redirect.service`,
    ]);
  });

  it("needs Enterprise features for redirect and failover fields on a CE target", () => {
    const NS =
      'needs Consul Enterprise namespaces; set ConsulTarget { edition: "enterprise", namespaces: true } on the scope';
    const AP =
      'needs Consul Enterprise admin partitions; set ConsulTarget { edition: "enterprise", partitions: true } on the scope';
    const SG = 'needs Consul Enterprise (sameness groups); set ConsulTarget { edition: "enterprise" } on the scope';
    expect(problemsOf(sr({ redirect: { service: "d", namespace: "ns", partition: "p" } }))).toEqual([
      `${R}.redirect.namespace: "ns" ${NS}`,
      `${R}.redirect.partition: "p" ${AP}`,
    ]);
    expect(problemsOf(sr({ redirect: { samenessGroup: "g" } }))).toEqual([`${R}.redirect.samenessGroup: "g" ${SG}`]);
    expect(problemsOf(sr({ failover: { "*": { namespace: "ns" } }, subsets: {} }))).toEqual([
      `${R}.failover["*"].namespace: "ns" ${NS}`,
    ]);
    expect(problemsOf(sr({ failover: { "*": { samenessGroup: "g" } } }))).toEqual([
      `${R}.failover["*"].samenessGroup: "g" ${SG}`,
    ]);
    expect(problemsOf(sr({ failover: { "*": { targets: [{ namespace: "ns" }, { partition: "p" }] } } }))).toEqual([
      `${R}.failover["*"].targets[0].namespace: "ns" ${NS}`,
      `${R}.failover["*"].targets[1].partition: "p" ${AP}`,
    ]);
  });

  it("allows cross-datacenter fields only in the default partition", () => {
    expect(sr({ redirect: { datacenter: "dc2" } }, enterpriseStack())).not.toThrow();
    expect(sr({ failover: { "*": { datacenters: ["dc2"] } } }, enterpriseStack())).not.toThrow();
    expect(sr({ failover: { "*": { targets: [{ datacenter: "dc2" }] } } }, enterpriseStack())).not.toThrow();
    expect(problemsOf(sr({ redirect: { datacenter: "dc2" } }, partitionStack()))).toEqual([
      `${R}.redirect.datacenter: "dc2" is only allowed in the default partition (cross-datacenter redirect)`,
    ]);
    expect(problemsOf(sr({ failover: { "*": { datacenters: ["dc2"] } } }, partitionStack()))).toEqual([
      `${R}.failover["*"].datacenters: ["dc2"] are only allowed in the default partition (cross-datacenter failover)`,
    ]);
    expect(problemsOf(sr({ failover: { "*": { targets: [{ datacenter: "dc2" }] } } }, partitionStack()))).toEqual([
      `${R}.failover["*"].targets[0].datacenter: "dc2" is only allowed in the default partition (cross-datacenter failover)`,
    ]);
    expect(
      sr(
        { failover: { "*": { targets: [{ peer: "cloud" }], datacenters: [] } }, redirect: undefined },
        partitionStack(),
      ),
    ).not.toThrow();
  });

  it("checks a failover: a sameness group alone, targets without datacenters or a subset, named datacenters", () => {
    const F = `${R}.failover["*"]`;
    for (const f of [
      { service: "d" },
      { serviceSubset: "v1" },
      { datacenters: ["dc2"] },
      { policy: { mode: "sequential" as const } },
      { targets: [{ peer: "cloud" }] },
    ]) {
      expect(sr({ failover: { "*": f } })).not.toThrow();
    }
    expect(sr({ failover: { "*": { namespace: "ns" } } }, enterpriseStack())).not.toThrow();
    expect(sr({ failover: { "*": { samenessGroup: "g", service: "d" } } }, enterpriseStack())).not.toThrow();
    expect(
      problemsOf(
        sr(
          {
            failover: {
              "*": { samenessGroup: "g", datacenters: ["dc2"], serviceSubset: "v1", targets: [{ peer: "cloud" }] },
            },
          },
          enterpriseStack(),
        ),
      ),
    ).toEqual([
      `${F}.datacenters: ["dc2"] cannot be set together with samenessGroup`,
      `${F}.serviceSubset: "v1" cannot be set together with samenessGroup`,
      `${F}.targets: [{"peer":"cloud"}] cannot be set together with samenessGroup`,
      `${F}.datacenters: ["dc2"] cannot be set together with targets`,
      `${F}.serviceSubset: "v1" cannot be set together with targets`,
    ]);
    expect(problemsOf(sr({ failover: { "*": { datacenters: ["dc2", ""], service: "D" } } }))).toEqual([
      `${F}.datacenters[1]: "" is empty; name a datacenter`,
      `${F}.service: "D" ${LABEL}`,
    ]);
    expect(
      problemsOf(
        sr({
          failover: {
            "*": { service: "", serviceSubset: "", namespace: "", datacenters: [], targets: [], samenessGroup: "" },
          },
        }),
      ),
    ).toEqual([
      `${F}: {"service":"","serviceSubset":"","namespace":"","datacenters":[],"targets":[],"samenessGroup":""} is empty; set targets, service, serviceSubset, datacenters or samenessGroup`,
    ]);
  });

  it("checks each failover target: peer, service, and what a peer or a partition excludes", () => {
    const T = `${R}.failover["*"].targets`;
    expect(
      sr(
        {
          failover: {
            "*": {
              targets: [
                { partition: "p", serviceSubset: "v1" },
                { datacenter: "dc2", serviceSubset: "v1" },
              ],
            },
          },
        },
        enterpriseStack(),
      ),
    ).not.toThrow();
    expect(
      problemsOf(
        sr(
          {
            failover: {
              "*": {
                targets: [{ peer: "Cloud", service: "D" }, { peer: "c*" }, { partition: "p", datacenter: "dc2" }],
              },
            },
          },
          enterpriseStack(),
        ),
      ),
    ).toEqual([
      `${T}[0].peer: "Cloud" ${LABEL}`,
      `${T}[0].service: "D" ${LABEL}`,
      `${T}[1].peer: "c*" is not allowed; name one peer`,
      `${T}[2].datacenter: "dc2" cannot be set together with partition`,
    ]);
  });

  it("renders failover datacenters and policy regions", () => {
    const stack = newStack();
    new ServiceResolver(stack, "r", {
      service: "c",
      failover: { "*": { datacenters: ["dc2", "dc3"], policy: { mode: "order-by-locality", regions: ["eu", "us"] } } },
    });
    expect(onlyManifest(stack).spec).toEqual({
      failover: { "*": { datacenters: ["dc2", "dc3"], policy: { mode: "order-by-locality", regions: ["eu", "us"] } } },
    });
  });
});
