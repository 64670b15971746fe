import { TerraformOutput, TerraformVariable } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { SECRETS_RULES } from "../../constructs/policy";
import { consulRelease, evaluate, messagesOf } from "./fixtures";

const rules = { rules: SECRETS_RULES };
const found = (gate: ReturnType<typeof evaluate>, id: string) =>
  messagesOf(gate, id).map((m) => m.split(" — fix: ")[0]);
const GOSSIP = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=";
const AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----";

describe("secrets rules", () => {
  it("references, generated keys and sensitive outputs pass every secrets rule", () => {
    const gate = evaluate((s) => {
      const token = new TerraformVariable(s, "peering_token", { type: "string", sensitive: true });
      new SecretV1(s, "peering", { metadata: { name: "peering-token" }, data: { data: token.stringValue } });
      consulRelease(s);
      new TerraformOutput(s, "peering_token_out", { value: token.stringValue, sensitive: true });
      new TerraformOutput(s, "cluster_name", { value: "cloud" });
      new TerraformOutput(s, "eks_kms_key_arn", { value: new KmsKey(s, "k", { enableKeyRotation: true }).arn });
    }, rules);
    expect(gate.violations).toEqual([]);
  });

  it("HM-SEC-001 flags an AWS access key id anywhere, redacted", () => {
    const gate = evaluate((s) => {
      new ConfigMapV1(s, "cm", { metadata: { name: "x", labels: { owner: `id-${AWS_KEY}` } }, data: {} });
    }, rules);
    expect(found(gate, "HM-SEC-001")).toEqual([
      '[HM-SEC-001] s/cm: metadata.labels.owner holds an AWS access key id "AKIA…" (20 chars, redacted)',
    ]);
    expect(gate.report()).not.toContain(AWS_KEY);
  });

  it("HM-SEC-002 flags a PEM private key", () => {
    // when
    const gate = evaluate((s) => {
      new ConfigMapV1(s, "cm", { metadata: { name: "x" }, data: { "tls.key": PEM } });
    }, rules);
    // then
    expect(found(gate, "HM-SEC-002")).toEqual([
      `[HM-SEC-002] s/cm: data.tls.key holds a PEM private key "----…" (${PEM.length} chars, redacted)`,
    ]);
  });

  it("HM-SEC-003 flags a literal gossip key in consul values and in embedded agent config", () => {
    const gate = evaluate((s) => {
      consulRelease(s, [
        { global: { gossipEncryption: { key: GOSSIP } }, server: { extraConfig: JSON.stringify({ encrypt: GOSSIP }) } },
      ]);
    }, rules);
    expect(found(gate, "HM-SEC-003")).toEqual([
      '[HM-SEC-003] s/consul: values: global.gossipEncryption.key holds a literal gossip key "pUqJ…" (44 chars, redacted)',
      '[HM-SEC-003] s/consul: values: server.extraConfig holds a literal gossip key "pUqJ…" (44 chars, redacted)',
    ]);
  });

  it("HM-SEC-004 flags literal Kubernetes Secret data", () => {
    // given
    const secret = { metadata: { name: "peering-token" }, data: { data: "eyJhbGciOi" }, binaryData: { b: "" } };
    // when
    const gate = evaluate((s) => {
      new SecretV1(s, "peering", secret);
    }, rules);
    // then
    expect(found(gate, "HM-SEC-004")).toEqual([
      '[HM-SEC-004] s/peering: data.data is a literal "eyJh…" (10 chars, redacted)',
    ]);
  });

  it("HM-SEC-005 flags outputs that mention credentials without sensitive: true", () => {
    const gate = evaluate((s) => {
      const secret = new SecretV1(s, "peering", { metadata: { name: "peering-token" } });
      new TerraformOutput(s, "acceptor_token", { value: "x" });
      new TerraformOutput(s, "secret_data", { value: secret.data, sensitive: false });
      new TerraformOutput(s, "apiKey", { value: "x" });
    }, rules);
    expect(found(gate, "HM-SEC-005")).toEqual([
      '[HM-SEC-005] s/acceptor_token: output "acceptor_token" mentions "token" but sensitive is false',
      '[HM-SEC-005] s/secret_data: output "secret_data" mentions "secret" but sensitive is false',
      '[HM-SEC-005] s/apiKey: output "apiKey" mentions "key" but sensitive is false',
    ]);
  });
});
