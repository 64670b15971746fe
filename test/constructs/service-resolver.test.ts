import { Testing } from "cdktf";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { ServiceResolver } from "../../constructs/service-resolver";
import { newStack, onlyManifest, problemsOf } from "./helpers";

describe("ServiceResolver", () => {
  it("fails c over to the on-prem peer with failoverPeers", () => {
    const synthed = Testing.synthScope(
      (scope) => new ServiceResolver(scope, "r", { service: "c", connectTimeout: "5s", failoverPeers: ["onprem"] }),
    );
    expect(synthed).toHaveResourceWithProperties(Manifest, {
      manifest: {
        apiVersion: "consul.hashicorp.com/v1alpha1",
        kind: "ServiceResolver",
        metadata: { name: "c", namespace: "consul" },
        spec: { connectTimeout: "5s", failover: { "*": { targets: [{ peer: "onprem" }] } } },
      },
    });
  });

  it("renders subsets, a default subset and per-subset failover with a policy", () => {
    const stack = newStack();
    new ServiceResolver(stack, "r", {
      service: "c",
      subsets: { v1: { filter: "Service.Meta.version == v1", onlyPassing: true } },
      defaultSubset: "v1",
      failover: {
        v1: { targets: [{ peer: "onprem" }, { peer: "edge", service: "c2" }], policy: { mode: "sequential" } },
      },
    });
    expect(onlyManifest(stack).spec).toEqual({
      defaultSubset: "v1",
      subsets: { v1: { filter: "Service.Meta.version == v1", onlyPassing: true } },
      failover: {
        v1: { targets: [{ peer: "onprem" }, { peer: "edge", service: "c2" }], policy: { mode: "sequential" } },
      },
    });
  });

  it("renders a redirect", () => {
    const stack = newStack();
    new ServiceResolver(stack, "r", { service: "c", redirect: { service: "c", peer: "onprem" } });
    expect(onlyManifest(stack).spec).toEqual({ redirect: { service: "c", peer: "onprem" } });
  });

  it("rejects redirect together with failover", () => {
    expect(
      problemsOf(
        () =>
          new ServiceResolver(newStack(), "r", { service: "c", redirect: { service: "d" }, failoverPeers: ["onprem"] }),
      ),
    ).toEqual(['test/r: ServiceResolver.redirect: {"service":"d"} cannot be set together with failoverPeers; use one']);
  });

  it("rejects targets together with datacenters, service or serviceSubset", () => {
    const p = problemsOf(
      () =>
        new ServiceResolver(newStack(), "r", {
          service: "c",
          failover: { "*": { targets: [{ peer: "onprem" }], datacenters: ["dc2"], service: "d" } },
        }),
    );
    expect(p).toEqual([
      'test/r: ServiceResolver.failover["*"].datacenters: ["dc2"] cannot be set together with targets',
      'test/r: ServiceResolver.failover["*"].service: "d" cannot be set together with targets',
    ]);
  });

  it("rejects a peer target with serviceSubset, partition or datacenter", () => {
    const p = problemsOf(
      () =>
        new ServiceResolver(newStack(), "r", {
          service: "c",
          failover: { "*": { targets: [{ peer: "onprem", serviceSubset: "v1", datacenter: "dc2" }] } },
        }),
    );
    expect(p).toEqual([
      'test/r: ServiceResolver.failover["*"].targets[0].serviceSubset: "v1" cannot be set together with peer',
      'test/r: ServiceResolver.failover["*"].targets[0].datacenter: "dc2" cannot be set together with peer',
    ]);
  });

  it("rejects an unknown failover policy mode", () => {
    expect(
      problemsOf(
        () =>
          new ServiceResolver(newStack(), "r", {
            service: "c",
            failover: { "*": { targets: [{ peer: "onprem" }], policy: { mode: "random" as never } } },
          }),
      ),
    ).toEqual([
      'test/r: ServiceResolver.failover["*"].policy.mode: "random" is not allowed; use one of "sequential", "order-by-locality"',
    ]);
  });

  it("rejects an empty failover and a failover key that is no subset", () => {
    expect(problemsOf(() => new ServiceResolver(newStack(), "r", { service: "c", failover: { v9: {} } }))).toEqual([
      'test/r: ServiceResolver.failover["v9"]: "v9" is not "*" or one of the subsets (none defined)',
      'test/r: ServiceResolver.failover["v9"]: {} is empty; set targets, service, serviceSubset, datacenters or samenessGroup',
    ]);
  });

  it("rejects wildcard failover peers and failoverPeers together with failover['*']", () => {
    expect(problemsOf(() => new ServiceResolver(newStack(), "r", { service: "c", failoverPeers: ["*"] }))).toEqual([
      'test/r: ServiceResolver.failoverPeers[0]: "*" is not allowed; name one peer',
    ]);
    expect(
      problemsOf(
        () =>
          new ServiceResolver(newStack(), "r", {
            service: "c",
            failoverPeers: ["a"],
            failover: { "*": { service: "d" } },
          }),
      ),
    ).toEqual(['test/r: ServiceResolver.failoverPeers: ["a"] cannot be set together with failover["*"]; use one']);
  });

  it("rejects a redirect peer with datacenter, and a peer without service", () => {
    expect(
      problemsOf(
        () => new ServiceResolver(newStack(), "r", { service: "c", redirect: { peer: "onprem", datacenter: "dc2" } }),
      ),
    ).toEqual([
      'test/r: ServiceResolver.redirect.datacenter: "dc2" cannot be set together with peer',
      'test/r: ServiceResolver.redirect.peer: "onprem" needs redirect.service',
    ]);
  });

  it("rejects a bad connectTimeout and an unknown defaultSubset", () => {
    expect(
      problemsOf(
        () =>
          new ServiceResolver(newStack(), "r", {
            service: "c",
            connectTimeout: "5 seconds",
            defaultSubset: "v2",
            subsets: { v1: {} },
          }),
      ),
    ).toEqual([
      'test/r: ServiceResolver.connectTimeout: "5 seconds" is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"',
      'test/r: ServiceResolver.defaultSubset: "v2" is not one of the subsets ("v1")',
    ]);
  });
});
