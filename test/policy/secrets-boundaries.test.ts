import { TerraformOutput, TerraformVariable, type TerraformStack } from "cdktf";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { Secret } from "@cdktf/provider-kubernetes/lib/secret";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { SecretV1Data } from "@cdktf/provider-kubernetes/lib/secret-v1-data";
import { Release } from "@cdktf/provider-helm/lib/release";
import { SECRETS_RULES } from "../../constructs/policy";
import { consulRelease, evaluate, messagesOf } from "./fixtures";

// The secrets rules at each boundary: the exact shapes of keys, where a gossip key counts, which words are sensitive.
const found = (id: string, build: (s: TerraformStack) => void) =>
  messagesOf(evaluate(build, { rules: SECRETS_RULES.filter((r) => r.id === id) }), id).map(
    (m) => m.split(" — fix: ")[0],
  );
const cm = (data: Record<string, string>) => (s: TerraformStack) => {
  new ConfigMapV1(s, "cm", { metadata: { name: "cm" }, data });
};
const GOSSIP = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=";

describe("HM-SEC-001 AWS access keys", () => {
  it("matches AKIA and ASIA with 16 upper-case characters as a whole word, and redacts", () => {
    // given
    const key = { a: "id=ASIAIOSFODNN7EXAMPL1 end" };
    const nearMisses = {
      a: "AKIAIOSFODNN7EXAMPL",
      b: "AKIAIOSFODNN7EXAMPLEX",
      c: "akiaiosfodnn7example",
      d: "XAKIAIOSFODNN7EXAMPLE",
    };
    // when
    const [keyFound, nearMissesFound] = [found("HM-SEC-001", cm(key)), found("HM-SEC-001", cm(nearMisses))];
    // then
    expect(keyFound).toEqual(['[HM-SEC-001] s/cm: data.a holds an AWS access key id "ASIA…" (20 chars, redacted)']);
    expect(nearMissesFound).toEqual([]);
  });
  it("names list items by index", () => {
    expect(found("HM-SEC-001", (s) => new TerraformOutput(s, "o", { value: ["x", "AKIAIOSFODNN7EXAMPLE"] }))).toEqual([
      '[HM-SEC-001] s/o: value[1] holds an AWS access key id "AKIA…" (20 chars, redacted)',
    ]);
  });
});

describe("HM-SEC-002 PEM private keys", () => {
  it("matches any key type's header, and not a certificate or public key", () => {
    // given
    const keys = { k: "-----BEGIN EC PRIVATE KEY-----\nx", p: "-----BEGIN PRIVATE KEY-----" };
    const publicParts = { c: "-----BEGIN CERTIFICATE-----", p: "-----BEGIN PUBLIC KEY-----" };
    // when
    const [keysFound, publicFound] = [found("HM-SEC-002", cm(keys)), found("HM-SEC-002", cm(publicParts))];
    // then
    expect(keysFound).toHaveLength(2);
    expect(publicFound).toEqual([]);
  });
});

describe("HM-SEC-003 literal gossip keys", () => {
  it("counts a 32-byte base64 key under a gossip path or an encrypt key, and in agent config text", () => {
    expect(found("HM-SEC-003", cm({ gossipKey: GOSSIP }))).toEqual([
      `[HM-SEC-003] s/cm: data.gossipKey holds a literal gossip key "${GOSSIP.slice(0, 4)}…" (44 chars, redacted)`,
    ]);
    expect(found("HM-SEC-003", cm({ encrypt: GOSSIP }))).toHaveLength(1);
    expect(found("HM-SEC-003", cm({ "agent.hcl": `encrypt = "${GOSSIP}"` }))).toHaveLength(1);
    expect(found("HM-SEC-003", cm({ "agent.json": `{"encrypt": "${GOSSIP}"}` }))).toHaveLength(1);
  });
  it("ignores the same text elsewhere, and near-miss lengths", () => {
    expect(found("HM-SEC-003", cm({ checksum: GOSSIP }))).toEqual([]);
    expect(found("HM-SEC-003", cm({ gossip: GOSSIP.slice(1) }))).toEqual([]);
    expect(found("HM-SEC-003", cm({ gossip: `${GOSSIP}=` }))).toEqual([]);
    expect(found("HM-SEC-003", cm({ "agent.hcl": `decrypt = "${GOSSIP}"` }))).toEqual([]);
  });
});

describe("HM-SEC-004 literal Secret data", () => {
  it("flags literal values in every data attribute, not empty ones or references", () => {
    expect(
      found("HM-SEC-004", (s) => {
        const ref = new TerraformVariable(s, "t", { type: "string", sensitive: true });
        new SecretV1(s, "sec", {
          metadata: { name: "x" },
          data: { a: "hunter22", b: "", c: ref.stringValue },
          binaryData: { d: "AAAA" },
        });
      }),
    ).toEqual([
      '[HM-SEC-004] s/sec: data.a is a literal "hunt…" (8 chars, redacted)',
      '[HM-SEC-004] s/sec: binary_data.d is a literal "AAAA…" (4 chars, redacted)',
    ]);
  });
});

describe("secrets rules: scope", () => {
  it("each scan rule reports only its own kind of secret", () => {
    expect(found("HM-SEC-002", cm({ a: "AKIAIOSFODNN7EXAMPLE", gossip: GOSSIP }))).toEqual([]);
    expect(found("HM-SEC-003", cm({ a: "AKIAIOSFODNN7EXAMPLE", k: "-----BEGIN PRIVATE KEY-----" }))).toEqual([]);
  });
  it("reads a consul release's other attributes by name and its values as values", () => {
    expect(
      found("HM-SEC-001", (s) => {
        const r = consulRelease(s);
        r.description = "AKIAIOSFODNN7EXAMPLE";
      }),
    ).toEqual(['[HM-SEC-001] s/consul: description holds an AWS access key id "AKIA…" (20 chars, redacted)']);
  });
  it("reads a consul release with an unreadable values document as raw text, by index", () => {
    expect(
      found("HM-SEC-001", (s) => {
        new Release(s, "consul", { name: "consul", chart: "consul", values: ["global: {}", "AKIAIOSFODNN7EXAMPLE"] });
      }),
    ).toEqual(['[HM-SEC-001] s/consul: values[1] holds an AWS access key id "AKIA…" (20 chars, redacted)']);
  });
  it("reads another chart's values as raw text, by index", () => {
    expect(
      found("HM-SEC-001", (s) => {
        new Release(s, "other", { name: "other", chart: "other", values: ["key: AKIAIOSFODNN7EXAMPLE"] });
      }),
    ).toEqual(['[HM-SEC-001] s/other: values[0] holds an AWS access key id "AKIA…" (20 chars, redacted)']);
  });
  it("walks past nulls and numbers in an element", () => {
    expect(
      found("HM-SEC-001", (s) => {
        const data = { a: null, b: 1, c: "AKIAIOSFODNN7EXAMPLE" } as unknown as Record<string, string>;
        new ConfigMapV1(s, "cm", { metadata: { name: "cm" }, data });
      }),
    ).toEqual(['[HM-SEC-001] s/cm: data.c holds an AWS access key id "AKIA…" (20 chars, redacted)']);
  });
  it("HM-SEC-004 skips Secret data that is not a string (a JavaScript caller's null)", () => {
    expect(
      found("HM-SEC-004", (s) => {
        new SecretV1(s, "sec", { metadata: { name: "x" }, data: { a: null as unknown as string, b: "literal" } });
      }),
    ).toEqual(['[HM-SEC-004] s/sec: data.b is a literal "lite…" (7 chars, redacted)']);
  });
  it("HM-SEC-004 covers kubernetes_secret and kubernetes_secret_v1_data too", () => {
    expect(
      found("HM-SEC-004", (s) => {
        new Secret(s, "old", { metadata: { name: "x" }, data: { a: "literal" } });
        new SecretV1Data(s, "d", { metadata: { name: "y" }, data: { b: "literal" } });
      }),
    ).toEqual([
      '[HM-SEC-004] s/old: data.a is a literal "lite…" (7 chars, redacted)',
      '[HM-SEC-004] s/d: data.b is a literal "lite…" (7 chars, redacted)',
    ]);
  });
});

describe("HM-SEC-005 sensitive outputs", () => {
  const out = (name: string, value: unknown, sensitive?: boolean) =>
    found("HM-SEC-005", (s) => {
      new TerraformOutput(s, name, { value, sensitive });
    });
  it("reads camelCase and snake_case words in the name, and the value", () => {
    expect(out("dbPassword", "x")).toEqual([
      '[HM-SEC-005] s/dbPassword: output "dbPassword" mentions "password" but sensitive is false',
    ]);
    expect(out("api_keys", "x")).toEqual([
      '[HM-SEC-005] s/api_keys: output "api_keys" mentions "keys" but sensitive is false',
    ]);
    expect(out("endpoint", "my-credential")).toEqual([
      '[HM-SEC-005] s/endpoint: output "endpoint" mentions "credential" but sensitive is false',
    ]);
    expect(out("dbPassword", "x", false)).toHaveLength(1);
  });
  it("is silent when sensitive, for a KMS key, and for words that only contain a sensitive one", () => {
    expect(out("dbPassword", "x", true)).toEqual([]);
    expect(out("kms_key_arn", "x")).toEqual([]);
    expect(out("kmsKeys", "x")).toEqual([]);
    expect(out("kms_token", "x")).toEqual([
      '[HM-SEC-005] s/kms_token: output "kms_token" mentions "token" but sensitive is false',
    ]);
    expect(out("monkey", "tokenizer")).toEqual([]);
    expect(out("key_arn", "x")).toEqual([
      '[HM-SEC-005] s/key_arn: output "key_arn" mentions "key" but sensitive is false',
    ]);
  });
});
