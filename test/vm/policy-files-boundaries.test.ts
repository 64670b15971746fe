import * as zlib from "zlib";
import * as YAML from "yaml";
import { DataResource, FileProvisioner, TerraformResource, TerraformStack } from "cdktf";
import { DataCloudinitConfig, type DataCloudinitConfigPart } from "@cdktf/provider-cloudinit/lib/data-cloudinit-config";
import { serverConfig } from "../../infra/vm/agent-config";
import { renderJson } from "../../infra/vm/files";
import { renderUnit } from "../../infra/vm/systemd";
import { sidecarUnit } from "../../infra/vm/units";
import {
  vmAclDefaultDeny,
  vmGatewayOnlyCrossSite,
  vmGossipEncryption,
  vmTlsVerify,
} from "../../constructs/policy/rules/vm";
import { evaluate, messagesOf } from "../policy/fixtures";
import { record, unset } from "../support";

// Which files the VM rules read: the SSH file provisioners of terraform_data and null_resource,
// and the write_files of cloud-config parts; which of those are agent configs and units; and which
// element must deliver the gossip key beside the agent CA (HM-VM-003).

const agent = { datacenter: "dc", nodeName: "n1", address: "10.1.0.5", serverAddresses: ["10.1.0.5"] };

/** A server config with ACLs removed, as JSON: HM-VM-002 flags it wherever it is read. */
function aclOff(): string {
  const cfg: unknown = structuredClone(serverConfig({ ...agent, bootstrapExpect: 1 }));
  unset(cfg, "acl");
  return renderJson(record(cfg));
}

const ACL_FIX = 'fix: set acl.enabled to true and acl.default_policy to "deny"';
const GOSSIP_FIX =
  "fix: deliver encrypt from a Terraform reference (random_id) with encrypt_verify_incoming and encrypt_verify_outgoing true, beside the agent's TLS files";
const CA = "${tls_self_signed_cert.ca.cert_pem}";

/** A file provisioner that writes `content` to `destination`. */
const put = (destination: string, content: string): FileProvisioner => ({ type: "file", destination, content });

/** A terraform_data "apply" holding `provisioners`. */
const apply = (stack: TerraformStack, id: string, provisioners: FileProvisioner[]) =>
  new DataResource(stack, id, { provisioners });

/** A cloudinit_config data source "ud" with one part of `content` (content type left to the provider's text/plain). */
const userData = (content: string) => (stack: TerraformStack) =>
  new DataCloudinitConfig(stack, "ud", { part: [{ content }] });

describe("files placed over SSH", () => {
  it("reads the file provisioners of a null_resource like those of terraform_data", () => {
    // given
    const build = (stack: TerraformStack) =>
      new TerraformResource(stack, "apply", {
        terraformResourceType: "null_resource",
        provisioners: [put("/var/tmp/stage/etc/consul.d/consul.json", aclOff())],
      });
    // when
    const found = messagesOf(evaluate(build), vmAclDefaultDeny);
    // then
    expect(found).toEqual([
      `[HM-VM-002] s/apply: /etc/consul.d/consul.json: acl.enabled absent, acl.default_policy absent — ${ACL_FIX}`,
    ]);
  });

  it("takes a destination relative to the login directory (etc/consul.d/...) as staged for /etc", () => {
    // given
    const build = (stack: TerraformStack) => apply(stack, "apply", [put("etc/consul.d/consul.json", aclOff())]);
    // when
    const found = messagesOf(evaluate(build), vmAclDefaultDeny);
    // then
    expect(found).toEqual([
      `[HM-VM-002] s/apply: /etc/consul.d/consul.json: acl.enabled absent, acl.default_policy absent — ${ACL_FIX}`,
    ]);
  });

  it("skips a destination outside /etc and a file copied from a local source, whose text it cannot read", () => {
    // given
    const build = (stack: TerraformStack) =>
      apply(stack, "apply", [
        put("/var/tmp/hybrid-mesh-a.tar", '${filebase64("a.tar")}'),
        { type: "file", destination: "/var/tmp/stage/etc/systemd/system/hybrid-mesh-a.service", source: "a.service" },
      ]);
    // when
    const gate = evaluate(build);
    // then
    expect(gate.violations.filter((v) => v.ruleId.startsWith("HM-VM-"))).toEqual([]);
  });
});

describe("files written by cloud-init", () => {
  it("ignores a part without the #cloud-config header: cloud-init does not run a text/plain part as cloud-config", () => {
    // given: cloud-config is recognised by its first line, or by a text/cloud-config MIME type
    // (canonical/cloud-init, doc/rtd/explanation/format.rst); the provider's default type is text/plain.
    const content = YAML.stringify({ write_files: [{ path: "/etc/consul.d/consul.json", content: aclOff() }] });
    // when
    const found = messagesOf(evaluate(userData(content)), vmAclDefaultDeny);
    // then
    expect(found).toEqual([]);
  });

  it("reads a part with the header", () => {
    // given
    const content = `#cloud-config\n${YAML.stringify({ write_files: [{ path: "/etc/consul.d/consul.json", content: aclOff() }] })}`;
    // when
    const found = messagesOf(evaluate(userData(content)), vmAclDefaultDeny);
    // then
    expect(found).toEqual([
      `[HM-VM-002] s/ud: /etc/consul.d/consul.json: acl.enabled absent, acl.default_policy absent — ${ACL_FIX}`,
    ]);
  });

  it("reads a text/cloud-config part without the header, as cloud-init does", () => {
    // given
    const content = YAML.stringify({ write_files: [{ path: "/etc/consul.d/consul.json", content: aclOff() }] });
    const build = (stack: TerraformStack) =>
      new DataCloudinitConfig(stack, "ud", { part: [{ content, contentType: "text/cloud-config" }] });
    // when
    const found = messagesOf(evaluate(build), vmAclDefaultDeny);
    // then
    expect(found).toEqual([
      `[HM-VM-002] s/ud: /etc/consul.d/consul.json: acl.enabled absent, acl.default_policy absent — ${ACL_FIX}`,
    ]);
  });

  const encoded = (text: string): [string, string][] => [
    [" GZ+B64 ", zlib.gzipSync(text).toString("base64")],
    ["b64", Buffer.from(text).toString("base64")],
    ["base64", Buffer.from(text).toString("base64")],
    ["gz+b64", zlib.gzipSync(text).toString("base64")],
    ["gzip+base64", zlib.gzipSync(text).toString("base64")],
  ];
  it.each(encoded(aclOff()))("decodes content written with encoding %s", (encoding, content) => {
    // given
    const doc = { write_files: [{ path: "/etc/consul.d/consul.json", encoding, content }] };
    // when
    const found = messagesOf(evaluate(userData(`#cloud-config\n${YAML.stringify(doc)}`)), vmAclDefaultDeny);
    // then
    expect(found).toEqual([
      `[HM-VM-002] s/ud: /etc/consul.d/consul.json: acl.enabled absent, acl.default_policy absent — ${ACL_FIX}`,
    ]);
  });

  it("decodes gzip content given as YAML !!binary", () => {
    // given
    const binary = zlib.gzipSync(aclOff()).toString("base64");
    const part = `#cloud-config\nwrite_files:\n  - path: /etc/consul.d/consul.json\n    encoding: gzip\n    content: !!binary |\n      ${binary}\n`;
    // when
    const found = messagesOf(evaluate(userData(part)), vmAclDefaultDeny);
    // then
    expect(found).toEqual([
      `[HM-VM-002] s/ud: /etc/consul.d/consul.json: acl.enabled absent, acl.default_policy absent — ${ACL_FIX}`,
    ]);
  });

  it.each([["an unknown encoding", "rot13"]])(
    "writes the content as it is for %s, as cloud-init does",
    (_what, encoding) => {
      // given
      const doc = { write_files: [{ path: "/etc/consul.d/consul.json", encoding, content: aclOff() }] };
      // when
      const found = messagesOf(evaluate(userData(`#cloud-config\n${YAML.stringify(doc)}`)), vmAclDefaultDeny);
      // then
      expect(found).toEqual([
        `[HM-VM-002] s/ud: /etc/consul.d/consul.json: acl.enabled absent, acl.default_policy absent — ${ACL_FIX}`,
      ]);
    },
  );

  it("reads YAML !!binary content without an encoding as the bytes it holds", () => {
    // given
    const binary = Buffer.from(aclOff()).toString("base64");
    const part = `#cloud-config\nwrite_files:\n  - path: /etc/consul.d/consul.json\n    content: !!binary |\n      ${binary}\n`;
    // when
    const found = messagesOf(evaluate(userData(part)), vmAclDefaultDeny);
    // then
    expect(found).toEqual([
      `[HM-VM-002] s/ud: /etc/consul.d/consul.json: acl.enabled absent, acl.default_policy absent — ${ACL_FIX}`,
    ]);
  });

  it.each([
    ["encoded content that is a Terraform expression", "b64", "${base64encode(local.agent)}"],
    ["gzip of data that is not gzip", "gz+b64", Buffer.from(aclOff()).toString("base64")],
  ])("skips content it cannot read at synth: %s", (_what, encoding, content) => {
    // given
    const doc = { write_files: [{ path: "/etc/consul.d/consul.json", encoding, content }] };
    // when
    const gate = evaluate(userData(`#cloud-config\n${YAML.stringify(doc)}`));
    // then
    expect(gate.violations.filter((v) => v.ruleId.startsWith("HM-VM-"))).toEqual([]);
  });

  it("reads a written file built with a YAML 1.1 merge key, as cloud-init's PyYAML does", () => {
    // given
    const part = [
      "#cloud-config",
      "x-agent: &agent",
      "  path: /etc/consul.d/consul.json",
      `  content: ${JSON.stringify(aclOff())}`,
      "write_files:",
      "  - <<: *agent",
      "",
    ].join("\n");
    // when
    const found = messagesOf(evaluate(userData(part)), vmAclDefaultDeny);
    // then
    expect(found).toEqual([
      `[HM-VM-002] s/ud: /etc/consul.d/consul.json: acl.enabled absent, acl.default_policy absent — ${ACL_FIX}`,
    ]);
  });

  it("skips a part without content", () => {
    // given
    const build = (stack: TerraformStack) =>
      new DataCloudinitConfig(stack, "ud", {
        part: [{ contentType: "text/cloud-config" } as unknown as DataCloudinitConfigPart],
      });
    // when
    const gate = evaluate(build);
    // then
    expect(gate.violations.filter((v) => v.ruleId.startsWith("HM-VM-"))).toEqual([]);
  });

  it("skips a unit whose content is not text", () => {
    // given
    const doc = { write_files: [{ path: "/etc/systemd/system/consul-envoy-a.service", content: 42 }] };
    // when
    const gate = evaluate(userData(`#cloud-config\n${YAML.stringify(doc)}`));
    // then
    expect(gate.violations.filter((v) => v.ruleId.startsWith("HM-VM-"))).toEqual([]);
  });

  it("skips a written file that has no content (fetched from a source instead)", () => {
    // given
    const doc = {
      write_files: [{ path: "/etc/systemd/system/hybrid-mesh-a.service", source: { uri: "https://x/a" } }],
    };
    // when
    const gate = evaluate(userData(`#cloud-config\n${YAML.stringify(doc)}`));
    // then
    expect(gate.violations.filter((v) => v.ruleId.startsWith("HM-VM-"))).toEqual([]);
  });
});

describe("agent configs among the placed files", () => {
  it("does not take a JSON file outside /etc/consul.d for an agent config, even with a `server` key", () => {
    // given
    const build = (stack: TerraformStack) =>
      apply(stack, "apply", [put("/var/tmp/stage/etc/hybrid-mesh/a.json", renderJson({ server: "api.internal" }))]);
    // when
    const found = messagesOf(evaluate(build), vmTlsVerify);
    // then
    expect(found).toEqual([]);
  });

  it("skips a file under /etc/consul.d that holds JSON but not an object", () => {
    // given
    const build = (stack: TerraformStack) =>
      apply(stack, "apply", [put("/var/tmp/stage/etc/consul.d/list.json", "[]")]);
    // when
    const gate = evaluate(build);
    // then
    expect(gate.violations.filter((v) => v.ruleId.startsWith("HM-VM-"))).toEqual([]);
  });
});

describe("HM-VM-003 gossip key beside the agent CA, per element", () => {
  const gossip = renderJson({ encrypt: "${random_id.gossip.b64_std}" });

  it("flags an element that delivers the CA among other TLS files but no gossip key", () => {
    // given
    const build = (stack: TerraformStack) =>
      apply(stack, "apply", [
        put("/var/tmp/stage/etc/consul.d/tls/ca.pem", CA),
        put("/var/tmp/stage/etc/consul.d/tls/server.pem", "${tls_locally_signed_cert.s.cert_pem}"),
      ]);
    // when
    const found = messagesOf(evaluate(build), vmGossipEncryption);
    // then
    expect(found).toEqual([
      `[HM-VM-003] s/apply: terraform_data.apply delivers the agent CA but no gossip key — ${GOSSIP_FIX}`,
    ]);
  });

  it("flags the element with the CA when another element delivers the gossip key", () => {
    // given
    const build = (stack: TerraformStack) => {
      apply(stack, "tls", [put("/var/tmp/stage/etc/consul.d/tls/ca.pem", CA)]);
      apply(stack, "gossip", [put("/var/tmp/stage/etc/consul.d/gossip.json", gossip)]);
    };
    // when
    const found = messagesOf(evaluate(build), vmGossipEncryption);
    // then
    expect(found).toEqual([
      `[HM-VM-003] s/tls: terraform_data.tls delivers the agent CA but no gossip key — ${GOSSIP_FIX}`,
    ]);
  });

  it("flags an element whose agent configs beside the CA hold no encrypt", () => {
    // given
    const build = (stack: TerraformStack) =>
      apply(stack, "apply", [
        put("/var/tmp/stage/etc/consul.d/tls/ca.pem", CA),
        put("/var/tmp/stage/etc/consul.d/consul.json", renderJson({ server: true })),
      ]);
    // when
    const found = messagesOf(evaluate(build), vmGossipEncryption);
    // then
    expect(found).toEqual([
      `[HM-VM-003] s/apply: terraform_data.apply delivers the agent CA but no gossip key — ${GOSSIP_FIX}`,
    ]);
  });

  it("does not take a file named after ca.pem (a checksum beside it) for the CA", () => {
    // given
    const build = (stack: TerraformStack) =>
      apply(stack, "apply", [put("/var/tmp/stage/etc/consul.d/tls/ca.pem.sha256", "${sha256(local.ca)}")]);
    // when
    const found = messagesOf(evaluate(build), vmGossipEncryption);
    // then
    expect(found).toEqual([]);
  });
});

describe("HM-VM-005 reads systemd units line by line", () => {
  const FIX =
    "fix: set ports.serf_wan to -1 on servers, drop WAN settings, bind upstreams to 127.0.0.1, and give -wan-address only to the mesh gateway";
  const unitAt = (content: string) => (stack: TerraformStack) =>
    apply(stack, "apply", [put("/var/tmp/stage/etc/systemd/system/consul-envoy-a.service", content)]);

  it("takes only ExecStart for the command: a comment naming -gateway=mesh does not make a sidecar the gateway", () => {
    // given
    const unit = renderUnit(sidecarUnit("a", 19001))
      .replace("-sidecar-for a", "-sidecar-for a -wan-address 203.0.113.9:8443")
      .replace(
        "[Service]",
        "# Unlike consul-mesh-gateway.service (-gateway=mesh), this proxy serves one app.\n[Service]",
      );
    // when
    const found = messagesOf(evaluate(unitAt(unit)), vmGatewayOnlyCrossSite);
    // then
    expect(found).toEqual([
      `[HM-VM-005] s/apply: /etc/systemd/system/consul-envoy-a.service: registers a WAN address but is not the mesh gateway — ${FIX}`,
    ]);
  });

  it("reads a drop-in, which can replace the unit's ExecStart", () => {
    // given
    const dropIn =
      "[Service]\nExecStart=\nExecStart=/usr/bin/consul connect envoy -sidecar-for a -wan-address 203.0.113.9:8443\n";
    const build = (stack: TerraformStack) =>
      apply(stack, "apply", [put("/var/tmp/stage/etc/systemd/system/consul-envoy-a.service.d/override.conf", dropIn)]);
    // when
    const found = messagesOf(evaluate(build), vmGatewayOnlyCrossSite);
    // then
    expect(found).toEqual([
      `[HM-VM-005] s/apply: /etc/systemd/system/consul-envoy-a.service.d/override.conf: registers a WAN address but is not the mesh gateway — ${FIX}`,
    ]);
  });

  it("does not read a file beside the units that is not a drop-in", () => {
    // given
    const notes = "ExecStart=/usr/bin/consul connect envoy -sidecar-for a -wan-address 203.0.113.9:8443\n";
    const build = (stack: TerraformStack) =>
      apply(stack, "apply", [put("/var/tmp/stage/etc/systemd/system/consul-envoy-a.service.d/notes.txt", notes)]);
    // when
    const found = messagesOf(evaluate(build), vmGatewayOnlyCrossSite);
    // then
    expect(found).toEqual([]);
  });

  it("ignores a commented-out Environment=HOST line", () => {
    // given
    const unit = renderUnit(sidecarUnit("a", 19001)).replace("[Service]", "[Service]\n# Environment=HOST=0.0.0.0");
    // when
    const found = messagesOf(evaluate(unitAt(unit)), vmGatewayOnlyCrossSite);
    // then
    expect(found).toEqual([]);
  });
});
