import { goFieldName, kubernetesOnlyFields, toConfigEntryBody } from "../../constructs/private/entry-json";

// The CRD spec -> config entry body conversion at each boundary: which maps keep their keys, what
// is left out (unset fields), where ServiceIntentions differs from every other kind, and where
// Kubernetes-only fields are found.

describe("toConfigEntryBody: which maps keep their keys", () => {
  it("keeps the keys of a header modifier's add and set, and converts a struct under a field named add elsewhere", () => {
    // given
    const spec = {
      routes: [{ destination: { requestHeaders: { add: { "x-Trace": "1" }, set: { "x-Mode": "a" } } } }],
      meta: { add: { fooBar: 1 } },
    };
    // when
    const body = toConfigEntryBody("ServiceRouter", spec);
    // then
    expect(body).toStrictEqual({
      Routes: [{ Destination: { RequestHeaders: { Add: { "x-Trace": "1" }, Set: { "x-Mode": "a" } } } }],
      Meta: { Add: { FooBar: 1 } },
    });
  });

  it("converts a struct under a header modifier that is neither add nor set", () => {
    // given
    const spec = { requestHeaders: { other: { fooBar: 1 } }, responseHeaders: { remove: ["x-A"] } };
    // when
    const body = toConfigEntryBody("IngressGateway", spec);
    // then
    expect(body).toStrictEqual({ RequestHeaders: { Other: { FooBar: 1 } }, ResponseHeaders: { Remove: ["x-A"] } });
  });

  it("keeps an envoy extension's arguments as given, and converts its other fields and arguments elsewhere", () => {
    // given
    const spec = {
      envoyExtensions: [{ name: "builtin/lua", arguments: { scriptText: "x" }, meta: { fooBar: 1 } }],
      meta: { arguments: { fooBar: 1 } },
    };
    // when
    const body = toConfigEntryBody("ProxyDefaults", spec);
    // then
    expect(body).toStrictEqual({
      EnvoyExtensions: [{ Name: "builtin/lua", Arguments: { scriptText: "x" }, Meta: { FooBar: 1 } }],
      Meta: { Arguments: { FooBar: 1 } },
    });
  });
});

describe("toConfigEntryBody: unset fields", () => {
  it("leaves out fields that are undefined or null, and keeps false, 0 and empty text", () => {
    // given
    const spec = { protocol: undefined, mode: null, mutualTLSMode: "", balanceInboundConnections: 0, x: false };
    // when
    const body = toConfigEntryBody("ServiceDefaults", spec);
    // then
    expect(Object.keys(body)).toEqual(["MutualTLSMode", "BalanceInboundConnections", "X"]);
    expect(body).toStrictEqual({ MutualTLSMode: "", BalanceInboundConnections: 0, X: false });
  });
});

describe("toConfigEntryBody: ServiceIntentions only", () => {
  it("keeps ServiceDefaults' own destination (transparent proxy) in the body", () => {
    // given
    const spec = { destination: { addresses: ["api.example.com"], port: 443 } };
    // when
    const body = toConfigEntryBody("ServiceDefaults", spec);
    // then
    expect(body).toStrictEqual({ Destination: { Addresses: ["api.example.com"], Port: 443 } });
  });

  it("takes ServiceIntentions' destination out of the body, with or without sources", () => {
    // given
    const withoutSources = { destination: { name: "web" } };
    const nullDestination = { destination: null, sources: [{ name: "api", action: "allow" }] };
    // when
    const bodies = [
      toConfigEntryBody("ServiceIntentions", withoutSources),
      toConfigEntryBody("ServiceIntentions", nullDestination),
    ];
    // then
    expect(bodies).toStrictEqual([{}, { Sources: [{ Name: "api", Action: "allow", Type: "consul", Precedence: 9 }] }]);
  });
});

describe("kubernetesOnlyFields", () => {
  it("finds a secretRef beside a null service, and nothing in a null spec", () => {
    // given
    const spec = { services: [null, { name: "db", secretRef: { name: "s" } }] };
    // when
    const found = [kubernetesOnlyFields("TerminatingGateway", spec), kubernetesOnlyFields("TerminatingGateway", null)];
    // then
    expect(found).toEqual([[["services[1].secretRef", { name: "s" }]], []]);
  });

  it("stays silent for a kind without Kubernetes-only fields", () => {
    expect(kubernetesOnlyFields("ServiceDefaults", { deployment: { replicas: 1 } })).toEqual([]);
  });
});

describe("goFieldName", () => {
  it("keeps a key with no letter or digit as it is", () => {
    expect(["-", "_"].map(goFieldName)).toEqual(["-", "_"]);
  });
});
