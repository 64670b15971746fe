import { DataResource, TerraformStack } from "cdktf";
import { DataCloudinitConfig } from "@cdktf/provider-cloudinit/lib/data-cloudinit-config";
import { clientConfig, gossipConfig, serverConfig } from "../../infra/vm/agent-config";
import { cloudConfig } from "../../infra/vm/cloud-init";
import { renderJson } from "../../infra/vm/files";
import { renderUnit } from "../../infra/vm/systemd";
import { appUnit, meshGatewayUnit, sidecarUnit } from "../../infra/vm/units";
import { VM_RULES } from "../../constructs/policy";
import {
  vmAclDefaultDeny,
  vmGatewayOnlyCrossSite,
  vmGossipEncryption,
  vmNoPlaintextHttp,
  vmTlsVerify,
} from "../../constructs/policy/rules/vm";
import { evaluate, messagesOf } from "../policy/fixtures";
import { record, set, unset } from "../support";

const agent = { datacenter: "dc", nodeName: "n1", address: "10.1.0.5", serverAddresses: ["10.1.0.5"] };
/** A server config as plain data, for a test to edit. */
const server = (): unknown => structuredClone(serverConfig({ ...agent, bootstrapExpect: 1 }));

/** A stack whose terraform_data places `files` over SSH, like the VM stacks do. */
function ssh(files: Record<string, string>) {
  return (stack: TerraformStack) =>
    new DataResource(stack, "apply", {
      provisioners: Object.entries(files).map(([p, content]) => ({
        type: "file" as const,
        content,
        destination: `/var/tmp/stage${p}`,
      })),
    });
}

const consulJson = (cfg: unknown) => ({ "/etc/consul.d/consul.json": renderJson(record(cfg)) });
const vmViolations = (gate: ReturnType<typeof evaluate>) =>
  gate.violations.filter((v) => v.ruleId.startsWith("HM-VM-"));

describe("VM rule pack", () => {
  it("passes the configs and units the VM stacks render, through SSH and cloud-init", () => {
    const files = {
      ...consulJson(server()),
      "/etc/consul.d/gossip.json": renderJson(gossipConfig("${random_id.g.b64_std}")),
      "/etc/consul.d/tls/ca.pem": "${tls_self_signed_cert.ca.cert_pem}",
      "/etc/systemd/system/consul-mesh-gateway.service": renderUnit(
        meshGatewayUnit({ lan: "10.1.0.9:8443", wan: "203.0.113.9:8443", adminPort: 19000 }),
      ),
      "/etc/systemd/system/consul-envoy-a.service": renderUnit(sidecarUnit("a", 19001)),
      "/etc/systemd/system/hybrid-mesh-a.service": renderUnit(
        appUnit({ service: "a", environment: "dc", port: 8080, upstreams: [{ service: "b", localPort: 9101 }] }),
      ),
    };
    expect(vmViolations(evaluate(ssh(files)))).toEqual([]);
    const viaCloudInit = evaluate((stack) => {
      new DataCloudinitConfig(stack, "ud", {
        part: [
          {
            contentType: "text/cloud-config",
            content: cloudConfig(
              [{ path: "/etc/consul.d/consul.json", content: renderJson(clientConfig(agent)), mode: "0640" }],
              [],
            ),
          },
        ],
      });
    });
    expect(vmViolations(viaCloudInit)).toEqual([]);
  });

  it("HM-VM-001 flags TLS without verification, in a cloud-init document too", () => {
    const cfg: unknown = structuredClone(clientConfig(agent));
    set(cfg, "tls.defaults.verify_outgoing", false);
    unset(cfg, "auto_encrypt");
    const gate = evaluate((stack) => {
      new DataCloudinitConfig(stack, "ud", {
        part: [
          {
            contentType: "text/cloud-config",
            content: cloudConfig(
              [{ path: "/etc/consul.d/consul.json", content: renderJson(record(cfg)), mode: "0640" }],
              [],
            ),
          },
        ],
      });
    });
    expect(messagesOf(gate, vmTlsVerify)).toEqual([
      expect.stringContaining("/etc/consul.d/consul.json: tls.defaults.verify_outgoing not set"),
      expect.stringContaining("/etc/consul.d/consul.json: client without auto_encrypt.tls"),
    ]);
  });

  it("HM-VM-001 requires verify_incoming on servers", () => {
    const cfg = server();
    set(cfg, "tls.defaults.verify_incoming", false);
    expect(messagesOf(evaluate(ssh(consulJson(cfg))), vmTlsVerify)).toEqual([
      expect.stringContaining("tls.defaults.verify_incoming not set"),
    ]);
  });

  it("HM-VM-002 flags ACLs that allow by default", () => {
    const cfg = server();
    set(cfg, "acl.default_policy", "allow");
    expect(messagesOf(evaluate(ssh(consulJson(cfg))), vmAclDefaultDeny)).toEqual([
      expect.stringContaining('acl.default_policy "allow"'),
    ]);
  });

  it("HM-VM-003 flags a literal gossip key, a verify turned off, and TLS delivered without a gossip key", () => {
    const literal = { ...gossipConfig("pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s="), encrypt_verify_incoming: false };
    expect(messagesOf(evaluate(ssh({ "/etc/consul.d/gossip.json": renderJson(literal) })), vmGossipEncryption)).toEqual(
      [
        expect.stringContaining("gossip.json: encrypt is a literal"),
        expect.stringContaining("gossip.json: encrypt_verify_incoming is false"),
      ],
    );
    expect(
      messagesOf(
        evaluate(ssh({ "/etc/consul.d/tls/ca.pem": "${tls_self_signed_cert.ca.cert_pem}" })),
        vmGossipEncryption,
      ),
    ).toEqual([expect.stringContaining("delivers the agent CA but no gossip key")]);
  });

  it("HM-VM-004 flags plaintext HTTP beyond loopback, not on loopback", () => {
    const open = server();
    set(open, "ports.http", 8500);
    set(open, "client_addr", "0.0.0.0");
    expect(messagesOf(evaluate(ssh(consulJson(open))), vmNoPlaintextHttp)).toEqual([
      expect.stringContaining('ports.http 8500 listens on "0.0.0.0"'),
    ]);
    const local = server();
    set(local, "ports.http", 8500);
    expect(messagesOf(evaluate(ssh(consulJson(local))), vmNoPlaintextHttp)).toEqual([]);
  });

  it("HM-VM-005 flags WAN gossip, WAN addresses off the gateway, and listeners beyond loopback", () => {
    const wan = server();
    unset(wan, "ports.serf_wan");
    const unit = renderUnit(sidecarUnit("a", 19001)).replace(
      "-sidecar-for a",
      "-sidecar-for a -wan-address 203.0.113.9:8443",
    );
    const app = renderUnit(appUnit({ service: "a", environment: "dc", port: 8080, upstreams: [] })).replace(
      "HOST=127.0.0.1",
      "HOST=0.0.0.0",
    );
    const svc = {
      service: {
        name: "a",
        port: 8080,
        connect: {
          sidecar_service: {
            proxy: { upstreams: [{ destination_name: "b", local_bind_port: 9101, local_bind_address: "0.0.0.0" }] },
          },
        },
      },
    };
    const gate = evaluate(
      ssh({
        ...consulJson(wan),
        "/etc/consul.d/service-a.json": renderJson(svc),
        "/etc/systemd/system/x.service": unit,
        "/etc/systemd/system/y.service": app,
      }),
    );
    expect(messagesOf(gate, vmGatewayOnlyCrossSite)).toEqual([
      expect.stringContaining("server keeps its WAN gossip port (ports.serf_wan 8302)"),
      expect.stringContaining('service-a.json: upstreams[0] binds "0.0.0.0"'),
      expect.stringContaining("x.service: registers a WAN address but is not the mesh gateway"),
      expect.stringContaining('y.service: the app listens on "0.0.0.0"'),
    ]);
  });

  it("is part of the default gate, with stable IDs", () => {
    expect(VM_RULES.map((r) => r.id)).toEqual(["HM-VM-001", "HM-VM-002", "HM-VM-003", "HM-VM-004", "HM-VM-005"]);
  });
});
