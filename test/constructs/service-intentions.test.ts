import { Testing, TerraformVariable } from "cdktf";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { ServiceIntentions, type ServiceIntentionsProps } from "../../constructs/service-intentions";
import { enterpriseStack, newStack, onlyManifest, problemsOf } from "./helpers";

describe("ServiceIntentions", () => {
  it("allows the on-prem caller through its peer", () => {
    const synthed = Testing.synthScope(
      (scope) =>
        new ServiceIntentions(scope, "i", {
          destination: "c",
          sources: [{ name: "a", peer: "onprem", action: "allow" }],
        }),
    );
    expect(synthed).toHaveResourceWithProperties(Manifest, {
      manifest: {
        apiVersion: "consul.hashicorp.com/v1alpha1",
        kind: "ServiceIntentions",
        metadata: { name: "c", namespace: "consul" },
        spec: { destination: { name: "c" }, sources: [{ name: "a", peer: "onprem", action: "allow" }] },
      },
    });
  });

  it("renders sources added later, with L7 permissions", () => {
    const stack = newStack();
    const i = new ServiceIntentions(stack, "i", { destination: "c" });
    i.addSource({ name: "a", peer: "onprem", action: "allow" }).addSource({
      name: "b",
      permissions: [
        { action: "allow", http: { pathPrefix: "/api", methods: ["GET", "POST"] } },
        { action: "deny", http: { pathExact: "/" } },
      ],
    });
    expect(onlyManifest(stack).spec.sources).toEqual([
      { name: "a", peer: "onprem", action: "allow" },
      {
        name: "b",
        permissions: [
          { action: "allow", http: { pathPrefix: "/api", methods: ["GET", "POST"] } },
          { action: "deny", http: { pathExact: "/" } },
        ],
      },
    ]);
  });

  it("defaultDeny denies every source to every destination", () => {
    const stack = newStack();
    ServiceIntentions.defaultDeny(stack, "deny");
    const m = onlyManifest(stack);
    expect(m.metadata.name).toBe("default-deny");
    expect(m.spec.destination).toEqual({ name: "*" });
    expect(m.spec.sources).toEqual([expect.objectContaining({ name: "*", action: "deny" })]);
  });

  it("escapes Terraform template sequences in user text", () => {
    const stack = newStack();
    new ServiceIntentions(stack, "i", {
      destination: "c",
      sources: [{ name: "a", action: "allow", description: "costs ${var.x} %{if}" }],
    });
    expect(Testing.synth(stack)).toContain('"description": "costs $${var.x} %%{if}"');
  });

  it("skips validation of unresolved tokens", () => {
    const stack = newStack();
    const peer = new TerraformVariable(stack, "peer", { type: "string" });
    expect(
      () =>
        new ServiceIntentions(stack, "i", {
          destination: "c",
          sources: [{ name: "a", peer: peer.stringValue, action: "allow" }],
        }),
    ).not.toThrow();
  });

  it("rejects a wildcard peer", () => {
    const stack = newStack();
    const i = new ServiceIntentions(stack, "i", { destination: "c", sources: [{ name: "a", action: "allow" }] });
    expect(problemsOf(() => i.addSource({ name: "b", peer: "*", action: "allow" }))).toEqual([
      'test/i: ServiceIntentions.sources[1].peer: "*" is not allowed; name one peer',
    ]);
  });

  it("rejects a peer that contains a wildcard, and wildcard partitions and sameness groups", () => {
    const stack = enterpriseStack();
    const p = problemsOf(
      () =>
        new ServiceIntentions(stack, "i", {
          destination: "c",
          sources: [
            { name: "a", peer: "on*", action: "allow" },
            { name: "b", partition: "*", action: "allow" },
            { name: "d", samenessGroup: "g*", action: "allow" },
          ],
        }),
    );
    expect(p).toEqual([
      'test/i: ServiceIntentions.sources[0].peer: "on*" is not allowed; name one peer',
      'test/i: ServiceIntentions.sources[1].partition: "*" is not allowed; name one partition',
      'test/i: ServiceIntentions.sources[2].samenessGroup: "g*" is not allowed; name one sameness group',
    ]);
  });

  it("rejects action together with permissions", () => {
    // given
    const sources: ServiceIntentionsProps["sources"] = [
      { name: "a", action: "allow", permissions: [{ action: "allow", http: { pathPrefix: "/" } }] },
    ];
    // when
    const p = problemsOf(() => new ServiceIntentions(newStack(), "i", { destination: "c", sources }));
    // then
    expect(p).toEqual([
      'test/i: ServiceIntentions.sources[0].action: "allow" cannot be set together with permissions; set action (L4) or permissions (L7)',
    ]);
  });

  it("rejects a source with neither action nor permissions, and an unknown action", () => {
    const p = problemsOf(
      () =>
        new ServiceIntentions(newStack(), "i", {
          destination: "c",
          sources: [{ name: "a" }, { name: "b", action: "permit" as never }],
        }),
    );
    expect(p).toEqual([
      'test/i: ServiceIntentions.sources[0].action: undefined is required without permissions; use "allow" or "deny"',
      'test/i: ServiceIntentions.sources[1].action: "permit" is not allowed; use one of "allow", "deny"',
    ]);
  });

  it("rejects more than one of peer, partition, samenessGroup", () => {
    // given
    const sources: ServiceIntentionsProps["sources"] = [
      { name: "a", peer: "onprem", partition: "p1", action: "allow" },
    ];
    // when
    const p = problemsOf(() => new ServiceIntentions(enterpriseStack(), "i", { destination: "c", sources }));
    // then
    expect(p).toEqual([
      'test/i: ServiceIntentions.sources[0]: {"peer":"onprem","partition":"p1"} sets peer and partition; set at most one of peer, partition, samenessGroup',
    ]);
  });

  it("rejects lower-case or unknown HTTP methods, and duplicates", () => {
    const p = problemsOf(
      () =>
        new ServiceIntentions(newStack(), "i", {
          destination: "c",
          sources: [
            { name: "a", permissions: [{ action: "allow", http: { methods: ["get" as never, "GET", "GET"] } }] },
          ],
        }),
    );
    expect(p).toEqual([
      'test/i: ServiceIntentions.sources[0].permissions[0].http.methods[0]: "get" is not allowed; use one of "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE"',
      'test/i: ServiceIntentions.sources[0].permissions[0].http.methods[2]: "GET" is listed more than once',
    ]);
  });

  it("rejects more than one path matcher, and paths without a leading slash", () => {
    const p = problemsOf(
      () =>
        new ServiceIntentions(newStack(), "i", {
          destination: "c",
          sources: [{ name: "a", permissions: [{ action: "allow", http: { pathExact: "api", pathPrefix: "v1/" } }] }],
        }),
    );
    expect(p).toEqual([
      'test/i: ServiceIntentions.sources[0].permissions[0].http: {"pathExact":"api","pathPrefix":"v1/"} sets pathExact and pathPrefix; set at most one of pathExact, pathPrefix, pathRegex',
      'test/i: ServiceIntentions.sources[0].permissions[0].http.pathExact: "api" must begin with "/"',
      'test/i: ServiceIntentions.sources[0].permissions[0].http.pathPrefix: "v1/" must begin with "/"',
    ]);
  });

  it("rejects a permission with an unknown action or without http", () => {
    const p = problemsOf(
      () =>
        new ServiceIntentions(newStack(), "i", {
          destination: "c",
          sources: [{ name: "a", permissions: [{ action: "ok" as never, http: {} }, { action: "deny" } as never] }],
        }),
    );
    expect(p).toEqual([
      'test/i: ServiceIntentions.sources[0].permissions[0].action: "ok" is not allowed; use one of "allow", "deny"',
      "test/i: ServiceIntentions.sources[0].permissions[1].http: undefined is required; match at least a path, a method or a header",
    ]);
  });

  it("rejects header matches with two matchers or ignoreCase alone", () => {
    const p = problemsOf(
      () =>
        new ServiceIntentions(newStack(), "i", {
          destination: "c",
          sources: [
            {
              name: "a",
              permissions: [
                {
                  action: "allow",
                  http: {
                    header: [
                      { name: "x", exact: "1", prefix: "2" },
                      { name: "y", present: true, ignoreCase: true },
                    ],
                  },
                },
              ],
            },
          ],
        }),
    );
    expect(p).toEqual([
      'test/i: ServiceIntentions.sources[0].permissions[0].http.header[0]: {"exact":"1","prefix":"2"} sets exact and prefix; set at most one of exact, prefix, suffix, contains, regex, present',
      "test/i: ServiceIntentions.sources[0].permissions[0].http.header[1].ignoreCase: true needs one of exact, prefix, suffix or contains",
    ]);
  });

  it("rejects names that are not DNS labels and a missing source name", () => {
    const p = problemsOf(
      () => new ServiceIntentions(newStack(), "i", { destination: "Svc_C", sources: [{ name: "", action: "allow" }] }),
    );
    expect(p[0]).toMatch(/^test\/i: ServiceIntentions\.destination: "Svc_C" is not a DNS-1123 label/);
    expect(p[1]).toBe('test/i: ServiceIntentions.sources[0].name: "" is required');
  });

  it('requires a resource name when the destination is "*"', () => {
    // given
    const sources: ServiceIntentionsProps["sources"] = [{ name: "*", action: "deny" }];
    // when
    const p = problemsOf(() => new ServiceIntentions(newStack(), "i", { destination: "*", sources }));
    // then
    expect(p).toEqual([
      'test/i: ServiceIntentions.name: undefined is required when destination is "*" (a resource name cannot be "*")',
    ]);
  });

  it("rejects a duplicate source", () => {
    const i = new ServiceIntentions(newStack(), "i", {
      destination: "c",
      sources: [{ name: "a", peer: "onprem", action: "allow" }],
    });
    expect(problemsOf(() => i.addSource({ name: "a", peer: "onprem", action: "deny" }))).toEqual([
      'test/i: ServiceIntentions.sources[1].name: "a" is already a source (sources[0]) with the same peer/partition/namespace; merge them',
    ]);
  });

  it("rejects a description longer than 512 characters", () => {
    // given
    const sources: ServiceIntentionsProps["sources"] = [{ name: "a", action: "allow", description: "x".repeat(513) }];
    // when
    const p = problemsOf(() => new ServiceIntentions(newStack(), "i", { destination: "c", sources }));
    // then
    expect(p).toEqual([
      `test/i: ServiceIntentions.sources[0].description: "${"x".repeat(20)}..." is 513 characters long; at most 512 are allowed`,
    ]);
  });

  it("fails synth when no source was ever added", () => {
    const stack = newStack();
    new ServiceIntentions(stack, "i", { destination: "c" });
    expect(() => Testing.synth(stack, true)).toThrow(
      "test/i: ServiceIntentions.sources: [] must have at least one source; pass sources or call addSource()",
    );
  });
});
