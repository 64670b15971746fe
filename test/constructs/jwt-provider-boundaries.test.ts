import { JWTProvider, JWTProviderProps } from "../../constructs/jwt-provider";
import { newStack, onlyManifest, problemsOf } from "./helpers";

// JWTProvider at each boundary: base64 shape of a local JWKS (alphabet, padding, length a multiple
// of 4), the retry back-off (max equal to base, max "0" = unset; consul-k8s jwtprovider_types.go
// RetryPolicyBackOff.validate), exactly-one choices, and every field's path in its message.
const URI = "https://idp.example.com/k";
const jp = (props: Partial<JWTProviderProps>) => () =>
  new JWTProvider(newStack(), "j", { name: "idp", jsonWebKeySet: { remote: { uri: URI } }, ...props });
const J = "test/j: JWTProvider";
const NOT_BASE64 = "is not base64 (encode the JWKS JSON)";
const backOff = (retryPolicyBackOff: object) =>
  jp({ jsonWebKeySet: { remote: { uri: URI, retryPolicy: { retryPolicyBackOff } } } });
const ca = (tlsCertificates: object) =>
  jp({ jsonWebKeySet: { remote: { uri: URI, jwksCluster: { discoveryType: "STATIC", tlsCertificates } } } as never });

describe("JWTProvider boundaries", () => {
  it("accepts base64 with none, one or two padding characters, and a local file", () => {
    for (const jwks of ["eyJr", "eyJrZXlzIjpbXX0=", "eyJrZXlzIjpbXQ==", "a+b/"])
      expect(jp({ jsonWebKeySet: { local: { jwks } } })).not.toThrow();
    expect(jp({ jsonWebKeySet: { local: { filename: "/etc/jwks.json" } } })).not.toThrow();
  });

  it("refuses a length that is no multiple of 4, three padding characters, and a stray character at either end", () => {
    for (const jwks of ["eyJ", "eyJrZ", "a===", "!abc", "abc!", "ab=c"]) {
      expect(problemsOf(jp({ jsonWebKeySet: { local: { jwks } } }))).toEqual([
        `${J}.jsonWebKeySet.local.jwks: ${JSON.stringify(jwks)} ${NOT_BASE64}`,
      ]);
    }
  });

  it("needs exactly one of local and remote, and of jwks and filename", () => {
    expect(problemsOf(jp({ jsonWebKeySet: {} }))).toEqual([
      `${J}.jsonWebKeySet: {} must set exactly one of local and remote`,
    ]);
    expect(problemsOf(jp({ jsonWebKeySet: { local: { jwks: "eyJr", filename: "/k" } } }))).toEqual([
      `${J}.jsonWebKeySet.local: {"jwks":"eyJr","filename":"/k"} must set exactly one of jwks and filename`,
    ]);
    expect(problemsOf(jp({ jsonWebKeySet: { local: {} } }))).toEqual([
      `${J}.jsonWebKeySet.local: {} must set exactly one of jwks and filename`,
    ]);
  });

  it('accepts a back-off whose max equals its base, is "0" (unset), or is missing', () => {
    for (const b of [
      { baseInterval: "1s", maxInterval: "1000ms" },
      { baseInterval: "2s", maxInterval: "0" },
      { baseInterval: "2s" },
      { maxInterval: "1s" },
    ])
      expect(backOff(b)).not.toThrow();
  });

  it("names each field in its message", () => {
    expect(
      problemsOf(
        jp({
          namespace: "Consul",
          name: "Idp",
          locations: [{ queryParam: { name: "" } }, { cookie: { name: "c" } }, {}],
          clockSkewSeconds: -1,
          cacheConfig: { size: -1 },
          jsonWebKeySet: {
            remote: {
              uri: URI,
              cacheDuration: "5",
              requestTimeoutMs: -1,
              retryPolicy: { numRetries: -1, retryPolicyBackOff: { baseInterval: "1", maxInterval: "2" } },
              jwksCluster: { discoveryType: "DNS" as never, connectTimeout: "3" },
            },
          },
        }),
      ),
    ).toEqual([
      `${J}.namespace: "Consul" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)`,
      `${J}.name: "Idp" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)`,
      `${J}.jsonWebKeySet.remote.cacheDuration: "5" is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"`,
      `${J}.jsonWebKeySet.remote.requestTimeoutMs: -1 is not allowed; use an integer from 0 to 2147483647`,
      `${J}.jsonWebKeySet.remote.retryPolicy.numRetries: -1 is not allowed; use an integer from 0 to 2147483647`,
      `${J}.jsonWebKeySet.remote.retryPolicy.retryPolicyBackOff.baseInterval: "1" is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"`,
      `${J}.jsonWebKeySet.remote.retryPolicy.retryPolicyBackOff.maxInterval: "2" is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"`,
      `${J}.jsonWebKeySet.remote.jwksCluster.discoveryType: "DNS" is not allowed; use one of "STATIC", "STRICT_DNS", "LOGICAL_DNS", "EDS", "ORIGINAL_DST"`,
      `${J}.jsonWebKeySet.remote.jwksCluster.connectTimeout: "3" is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"`,
      `${J}.locations[0].queryParam.name: "" is required`,
      `${J}.locations[2]: {} must set exactly one of header, queryParam, cookie`,
      `${J}.clockSkewSeconds: -1 is not allowed; use an integer from 0 to 2147483647`,
      `${J}.cacheConfig.size: -1 is not allowed; use an integer from 0 to 2147483647`,
    ]);
    expect(problemsOf(jp({ name: "" }))).toEqual([`${J}.name: "" is required`]);
  });

  it("needs exactly one CA source, and exactly one way to give a trusted CA", () => {
    const T = `${J}.jsonWebKeySet.remote.jwksCluster.tlsCertificates`;
    for (const trustedCA of [
      { filename: "/ca.pem" },
      { environmentVariable: "CA" },
      { inlineString: "pem" },
      { inlineBytes: "cGVt" },
    ])
      expect(ca({ trustedCA })).not.toThrow();
    expect(ca({ caCertificateProviderInstance: { instanceName: "default" } })).not.toThrow();
    expect(problemsOf(ca({}))).toEqual([
      `${T}: {} must set exactly one of trustedCA and caCertificateProviderInstance`,
    ]);
    expect(
      problemsOf(
        ca({ trustedCA: { filename: "/ca.pem" }, caCertificateProviderInstance: { instanceName: "default" } }),
      ),
    ).toEqual([
      `${T}: {"trustedCA":{"filename":"/ca.pem"},"caCertificateProviderInstance":{"instanceName":"default"}} must set exactly one of trustedCA and caCertificateProviderInstance`,
    ]);
    expect(problemsOf(ca({ trustedCA: { filename: "" } }))).toEqual([
      `${T}.trustedCA: {"filename":""} must set exactly one of filename, environmentVariable, inlineString, inlineBytes`,
    ]);
  });

  it("renders every spec field it takes, and no construct prop", () => {
    const stack = newStack();
    const spec = {
      issuer: "https://idp.example.com",
      audiences: ["web"],
      jsonWebKeySet: { remote: { uri: URI } },
      locations: [{ cookie: { name: "jwt" } }],
      forwarding: { headerName: "x-jwt" },
      clockSkewSeconds: 30,
      cacheConfig: { size: 10 },
    };
    new JWTProvider(stack, "j", { name: "idp", labels: { team: "a" }, ...spec });
    expect(onlyManifest(stack).spec).toEqual(spec);
    expect(onlyManifest(stack).kind).toBe("JWTProvider");
  });
});
