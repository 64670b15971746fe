import { JWTProvider } from "../../constructs/jwt-provider";
import { newStack, onlyManifest, problemsOf } from "./helpers";

const remote = { remote: { uri: "https://idp.example.com/.well-known/jwks.json" } };

describe("JWTProvider", () => {
  it("renders the provider spec, named after the provider", () => {
    const stack = newStack();
    new JWTProvider(stack, "j", {
      name: "idp",
      issuer: "https://idp.example.com",
      audiences: ["web"],
      jsonWebKeySet: remote,
      locations: [{ header: { name: "Authorization", valuePrefix: "Bearer " } }],
    });
    const m = onlyManifest(stack);
    expect(m.metadata.name).toBe("idp");
    expect(m.spec).toEqual({
      issuer: "https://idp.example.com",
      audiences: ["web"],
      jsonWebKeySet: remote,
      locations: [{ header: { name: "Authorization", valuePrefix: "Bearer " } }],
    });
  });

  it.each([
    [
      "no key set",
      { jsonWebKeySet: undefined },
      "test/j: JWTProvider.jsonWebKeySet: undefined is required; set local or remote",
    ],
    [
      "local and remote",
      { jsonWebKeySet: { ...remote, local: { filename: "/jwks.json" } } },
      expect.stringContaining("test/j: JWTProvider.jsonWebKeySet: "),
    ],
    [
      "a local JWKS that is not base64",
      { jsonWebKeySet: { local: { jwks: "{not base64}" } } },
      'test/j: JWTProvider.jsonWebKeySet.local.jwks: "{not base64}" is not base64 (encode the JWKS JSON)',
    ],
    [
      "a remote without a URI",
      { jsonWebKeySet: { remote: {} } },
      "test/j: JWTProvider.jsonWebKeySet.remote.uri: undefined is required",
    ],
    [
      "a relative URI",
      { jsonWebKeySet: { remote: { uri: "/jwks" } } },
      'test/j: JWTProvider.jsonWebKeySet.remote.uri: "/jwks" is not an absolute URI (Envoy fetches the key set from it)',
    ],
    [
      "a location with two sources",
      { jsonWebKeySet: remote, locations: [{ header: { name: "a" }, cookie: { name: "b" } }] },
      'test/j: JWTProvider.locations[0]: {"header":{"name":"a"},"cookie":{"name":"b"}} must set exactly one of header, queryParam, cookie',
    ],
    [
      "forwarding without a header name",
      { jsonWebKeySet: remote, forwarding: { padForwardPayloadHeader: true } },
      "test/j: JWTProvider.forwarding.headerName: undefined is required",
    ],
    [
      "two trusted CA sources",
      {
        jsonWebKeySet: {
          remote: {
            uri: "https://idp.example.com/k",
            jwksCluster: {
              discoveryType: "STRICT_DNS",
              tlsCertificates: { trustedCA: { filename: "/a", inlineString: "b" } },
            },
          },
        },
      },
      'test/j: JWTProvider.jsonWebKeySet.remote.jwksCluster.tlsCertificates.trustedCA: {"filename":"/a","inlineString":"b"} must set exactly one of filename, environmentVariable, inlineString, inlineBytes',
    ],
    [
      "a JWKS cluster without a discovery type",
      { jsonWebKeySet: { remote: { uri: "https://idp.example.com/k", jwksCluster: { connectTimeout: "5s" } } } },
      "test/j: JWTProvider.jsonWebKeySet.remote.jwksCluster.discoveryType: undefined is required with jwksCluster; use one of STATIC, STRICT_DNS, LOGICAL_DNS, EDS, ORIGINAL_DST",
    ],
    [
      "a back-off whose max is below its base",
      {
        jsonWebKeySet: {
          remote: {
            uri: "https://idp.example.com/k",
            retryPolicy: { retryPolicyBackOff: { baseInterval: "2s", maxInterval: "500ms" } },
          },
        },
      },
      'test/j: JWTProvider.jsonWebKeySet.remote.retryPolicy.retryPolicyBackOff.maxInterval: "500ms" is below baseInterval "2s"',
    ],
  ])("rejects %s", (_what, props, line) => {
    expect(problemsOf(() => new JWTProvider(newStack(), "j", { name: "idp", ...(props as object) } as never))).toEqual([
      line,
    ]);
  });
});
