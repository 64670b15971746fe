import { TerraformStack, TerraformVariable } from "cdktf";
import {
  IntentionHttpMatch,
  IntentionSource,
  ServiceIntentions,
  ServiceIntentionsProps,
  buildServiceIntentionsSpec,
} from "../../constructs/service-intentions";
import { enterpriseStack, newStack, onlyManifest, problemsOf } from "./helpers";

// ServiceIntentions at each boundary: every field's path in its message, the wildcard where it is
// allowed and where not, Enterprise-only fields on a CE target, the 512-character description,
// an empty permission list, JWT requirements, and header ignoreCase with each matcher.
const si =
  (props: Partial<ServiceIntentionsProps>, stack: TerraformStack = newStack()) =>
  () =>
    new ServiceIntentions(stack, "i", { destination: "c", ...props });
const I = "test/i: ServiceIntentions";
const LABEL =
  'is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)';
const allow = (s: Partial<IntentionSource>): IntentionSource => ({ name: "a", action: "allow", ...s });

describe("ServiceIntentions boundaries", () => {
  it('accepts "*" as destination namespace and source namespace, a 512-character description, and an empty permission list beside an action', () => {
    expect(
      si(
        {
          destinationNamespace: "*",
          sources: [allow({ namespace: "*", description: "x".repeat(512), permissions: [] })],
        },
        enterpriseStack(),
      ),
    ).not.toThrow();
  });

  it("names each field of the destination in its message", () => {
    expect(
      problemsOf(
        si(
          {
            namespace: "Consul",
            destinationNamespace: "Ns",
            name: "Bad",
            jwt: { providers: [{ name: "" }] },
            sources: [allow({})],
          },
          enterpriseStack(),
        ),
      ),
    ).toEqual([
      `${I}.namespace: "Consul" ${LABEL}`,
      `${I}.destinationNamespace: "Ns" ${LABEL} or "*"`,
      `${I}.jwt.providers[0].name: "" is required`,
      `${I}.name: "Bad" ${LABEL}`,
    ]);
    expect(problemsOf(si({ name: "Bad", sources: [allow({})] }))).toEqual([`${I}.name: "Bad" ${LABEL}`]);
  });

  it("reports a missing destination once, as required", () => {
    expect(problemsOf(si({ destination: "", name: "x", sources: [allow({})] }))).toEqual([
      `${I}.destination: "" is required`,
    ]);
  });

  it("needs Enterprise namespaces, partitions and edition for those fields on a CE target", () => {
    expect(
      problemsOf(
        si({
          destinationNamespace: "ns",
          sources: [
            allow({ namespace: "ns" }),
            allow({ name: "b", partition: "p" }),
            allow({ name: "d", samenessGroup: "g" }),
          ],
        }),
      ),
    ).toEqual([
      `${I}.destinationNamespace: "ns" needs Consul Enterprise namespaces; set ConsulTarget { edition: "enterprise", namespaces: true } on the scope`,
      `${I}.sources[0].namespace: "ns" needs Consul Enterprise namespaces; set ConsulTarget { edition: "enterprise", namespaces: true } on the scope`,
      `${I}.sources[1].partition: "p" needs Consul Enterprise admin partitions; set ConsulTarget { edition: "enterprise", partitions: true } on the scope`,
      `${I}.sources[2].samenessGroup: "g" needs Consul Enterprise (sameness groups); set ConsulTarget { edition: "enterprise" } on the scope`,
    ]);
  });

  it("checks each source name, namespace, peer, partition and sameness group as a label", () => {
    expect(
      problemsOf(
        si(
          {
            sources: [
              allow({ name: "A", namespace: "N" }),
              allow({ name: "b", peer: "P" }),
              allow({ name: "d", partition: "P" }),
              allow({ name: "e", samenessGroup: "G" }),
            ],
          },
          enterpriseStack(),
        ),
      ),
    ).toEqual([
      `${I}.sources[0].name: "A" ${LABEL} or "*"`,
      `${I}.sources[0].namespace: "N" ${LABEL} or "*"`,
      `${I}.sources[1].peer: "P" ${LABEL}`,
      `${I}.sources[2].partition: "P" ${LABEL}`,
      `${I}.sources[3].samenessGroup: "G" ${LABEL}`,
    ]);
  });

  it("refuses a 513-character description and keeps silent at 512", () => {
    expect(si({ sources: [allow({ description: "y".repeat(512) })] })).not.toThrow();
    expect(problemsOf(si({ sources: [allow({ description: "y".repeat(513) })] }))).toEqual([
      `${I}.sources[0].description: "${"y".repeat(20)}..." is 513 characters long; at most 512 are allowed`,
    ]);
  });

  it("needs an action when the permission list is empty", () => {
    expect(problemsOf(si({ sources: [{ name: "a", permissions: [] }] }))).toEqual([
      `${I}.sources[0].action: undefined is required without permissions; use "allow" or "deny"`,
    ]);
  });

  it("tells sources apart by peer, partition, namespace and sameness group", () => {
    const stack = enterpriseStack();
    expect(
      si(
        {
          sources: [
            allow({}),
            allow({ peer: "p" }),
            allow({ partition: "p" }),
            allow({ namespace: "n" }),
            allow({ samenessGroup: "g" }),
          ],
        },
        stack,
      ),
    ).not.toThrow();
    for (const k of ["peer", "partition", "namespace", "samenessGroup"] as const) {
      expect(si({ sources: [allow({ [k]: "x" }), allow({ [k]: "y" })] }, enterpriseStack())).not.toThrow();
    }
    expect(
      problemsOf(
        si({ sources: [allow({ namespace: "n" }), allow({ namespace: "n", action: "deny" })] }, enterpriseStack()),
      ),
    ).toEqual([
      `${I}.sources[1].name: "a" is already a source (sources[0]) with the same peer/partition/namespace; merge them`,
    ]);
  });

  it("checks each permission's action, http and JWT claims", () => {
    const perms = [
      { http: { pathPrefix: "/" } },
      { action: "allow", http: null },
      {
        action: "allow",
        http: { pathExact: "/" },
        jwt: {
          providers: [
            { name: "okta", verifyClaims: [{ path: [], value: "x" }, { value: "y" }, { path: ["aud"], value: "z" }] },
            { name: "Bad" },
          ],
        },
      },
    ];
    expect(problemsOf(si({ sources: [{ name: "a", permissions: perms as never }] }))).toEqual([
      `${I}.sources[0].permissions[0].action: undefined is required; use "allow" or "deny"`,
      `${I}.sources[0].permissions[1].http: null is required; match at least a path, a method or a header`,
      `${I}.sources[0].permissions[2].jwt.providers[0].verifyClaims[0].path: [] must name the claim, e.g. ["aud"]`,
      `${I}.sources[0].permissions[2].jwt.providers[0].verifyClaims[1].path: undefined must name the claim, e.g. ["aud"]`,
      `${I}.sources[0].permissions[2].jwt.providers[1].name: "Bad" ${LABEL}`,
    ]);
  });

  it("allows ignoreCase with exact, prefix, suffix or contains, and needs a header name", () => {
    const headers = [
      { name: "a", exact: "1", ignoreCase: true },
      { name: "b", prefix: "1", ignoreCase: true },
      { name: "c", suffix: "1", ignoreCase: true },
      { name: "d", contains: "1", ignoreCase: true },
      { name: "e", present: true },
      { name: "f", regex: "1", ignoreCase: false },
    ];
    expect(
      si({ sources: [{ name: "a", permissions: [{ action: "allow", http: { header: headers } }] }] }),
    ).not.toThrow();
    expect(
      problemsOf(
        si({
          sources: [
            {
              name: "a",
              permissions: [
                {
                  action: "allow",
                  http: {
                    header: [
                      { name: "", exact: "1", regex: "1", ignoreCase: true },
                      { name: "g", regex: "1", ignoreCase: true },
                    ],
                  },
                },
              ],
            },
          ],
        }),
      ),
    ).toEqual([
      `${I}.sources[0].permissions[0].http.header[0].name: "" is required`,
      `${I}.sources[0].permissions[0].http.header[0]: {"exact":"1","regex":"1"} sets exact and regex; set at most one of exact, prefix, suffix, contains, regex, present`,
      `${I}.sources[0].permissions[0].http.header[1].ignoreCase: true needs one of exact, prefix, suffix or contains`,
    ]);
  });

  it("leaves a token http match unjudged", () => {
    const stack = newStack();
    const http = new TerraformVariable(stack, "http", { type: "any" }).value as IntentionHttpMatch; // a token standing for the match
    expect(si({ sources: [{ name: "a", permissions: [{ action: "allow", http }] }] }, stack)).not.toThrow();
  });

  it("renders defaultDeny's description, header matches and JWT requirements", () => {
    const a = newStack();
    ServiceIntentions.defaultDeny(a, "deny");
    expect(onlyManifest(a).spec.sources).toEqual([
      { name: "*", action: "deny", description: "Default deny: allow calls with explicit intentions only" },
    ]);
    const b = newStack();
    const jwt = { providers: [{ name: "okta", verifyClaims: [{ path: ["aud"], value: "api" }] }] };
    const made = new ServiceIntentions(b, "i", {
      destination: "c",
      jwt,
      sources: [{ name: "a", permissions: [{ action: "allow", http: { header: [{ name: "x-v", exact: "2" }] } }] }],
    });
    expect(onlyManifest(b).spec).toEqual({
      destination: { name: "c" },
      jwt,
      sources: [{ name: "a", permissions: [{ action: "allow", http: { header: [{ name: "x-v", exact: "2" }] } }] }],
    });
    expect(made.node.validate()).toEqual([]);
    expect(buildServiceIntentionsSpec({ destination: "c" }).sources).toEqual([]);
  });
});
