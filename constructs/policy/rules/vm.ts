import type * as Zlib from "zlib";
import * as YAML from "yaml";
import { get, isExpression, isObject, isTrue, many, objects } from "../json";
import { showOrAbsent } from "../../private/format";
import { Finding, JsonObject, PolicyContext, PolicyElement, PolicyRule } from "../types";

/** A file a stack puts on a plain host: from cloud-init write_files or an SSH file provisioner. */
interface PlacedFile {
  readonly el: PolicyElement;
  /** Path on the host (a staging prefix before /etc/ is dropped). */
  readonly path: string;
  readonly content: string;
}

const CONSUL_D = /(?:^|\/)(etc\/consul\.d\/[^/]+\.json)$/;
// A unit file or one of its drop-ins, which can replace ExecStart (systemd.unit(5), "drop-in").
const UNIT = /(?:^|\/)(etc\/systemd\/system\/[^/]+\.service(?:\.d\/[^/]+\.conf)?)$/;

/**
 * A cloud-config part: the #cloud-config first line, or a text/cloud-config MIME type, which
 * cloud-init reads as cloud-config without the line (canonical/cloud-init, doc/rtd/explanation/format.rst).
 */
const isCloudConfig = (part: JsonObject, content: string) =>
  content.startsWith("#cloud-config") || part.content_type === "text/cloud-config";

// zlib loads only for gzip content: every synth loads this file, few place gzip files.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
const gunzip = (bytes: Buffer) => (require("zlib") as typeof Zlib).gunzipSync(bytes);

/** How cloud-init decodes write_files content per `encoding`, in order (cc_write_files.py). */
const DECODE: Partial<Record<string, readonly ("base64" | "gzip")[]>> = {
  b64: ["base64"],
  base64: ["base64"],
  gz: ["gzip"],
  gzip: ["gzip"],
  "gz+b64": ["base64", "gzip"],
  "gz+base64": ["base64", "gzip"],
  "gzip+b64": ["base64", "gzip"],
  "gzip+base64": ["base64", "gzip"],
};

/**
 * A write_files entry's text as cloud-init writes it: decoded per its `encoding` (gzip data comes
 * as YAML !!binary; an absent, text/plain or unknown encoding writes the content as it is), or
 * undefined when it cannot be read at synth. Encoded content that is still a Terraform expression
 * decodes to bytes no rule matches.
 */
function writtenText(f: JsonObject): string | undefined {
  const raw: unknown = f.content;
  if (typeof raw !== "string" && !(raw instanceof Uint8Array)) return undefined;
  // Buffer.from reads a string as UTF-8 and copies bytes; its typings take one of the two at a time.
  let bytes = Buffer.from(raw as Uint8Array);
  try {
    for (const step of DECODE[String(f.encoding).toLowerCase().trim()] ?? [])
      bytes = step === "base64" ? Buffer.from(bytes.toString("latin1"), "base64") : gunzip(bytes);
  } catch {
    return undefined;
  }
  return bytes.toString("utf8");
}

/** Every file the stack's cloud-init documents and SSH provisioners place, parsed once per stack. */
function placedFiles(ctx: PolicyContext): readonly PlacedFile[] {
  return ctx.memo("vm.files", () => {
    const files: PlacedFile[] = [];
    const onHost = (p: string) => /(?:^|\/)(etc\/.*)$/.exec(p)?.[1];
    for (const el of ctx.resources("terraform_data", "null_resource")) {
      for (const pv of objects(el.config.provisioner)) {
        for (const f of objects(pv.file)) {
          const dst = typeof f.destination === "string" ? onHost(f.destination) : undefined;
          if (dst && typeof f.content === "string") files.push({ el, path: `/${dst}`, content: f.content });
        }
      }
    }
    for (const el of ctx.dataSources("cloudinit_config")) {
      for (const part of objects(el.config.part)) {
        if (typeof part.content !== "string" || !isCloudConfig(part, part.content)) continue;
        let doc: unknown;
        try {
          // cloud-init reads YAML 1.1 (PyYAML), !!binary included.
          doc = YAML.parse(part.content, { version: "1.1" });
        } catch {
          continue;
        }
        for (const f of objects(get(doc, "write_files"))) {
          const content = writtenText(f);
          if (typeof f.path === "string" && content !== undefined) files.push({ el, path: f.path, content });
        }
      }
    }
    return files;
  });
}

/** Agent config files (JSON under /etc/consul.d/) with their parsed body. */
function agentConfigs(ctx: PolicyContext): readonly (PlacedFile & { readonly json: JsonObject })[] {
  return ctx.memo("vm.agent", () =>
    placedFiles(ctx).flatMap((f) => {
      if (!CONSUL_D.test(f.path)) return [];
      try {
        const json: unknown = JSON.parse(f.content);
        return isObject(json) ? [{ ...f, json }] : [];
      } catch {
        return [];
      }
    }),
  );
}

/** The main agent file: the one that says whether the agent is a server. */
const mainConfigs = (ctx: PolicyContext) => agentConfigs(ctx).filter((f) => "server" in f.json);
const at = (f: PlacedFile) => f.path;

/** HM-VM-001: TLS verified in both directions, server hostnames checked. */
export const vmTlsVerify: PolicyRule = {
  id: "HM-VM-001",
  rationale:
    "Without verify_incoming/verify_outgoing and verify_server_hostname any process that reaches the RPC port can join as an agent, or pose as a server.",
  fix: "set tls.defaults.ca_file, verify_outgoing (and verify_incoming on servers) and tls.internal_rpc.verify_server_hostname; auto_encrypt.tls on clients",
  check(ctx) {
    const findings: Finding[] = [];
    for (const f of mainConfigs(ctx)) {
      const d = get(f.json, "tls.defaults");
      const missing = [
        ["tls.defaults.ca_file", typeof get(d, "ca_file") === "string"],
        // Only servers accept RPC; clients verify the servers and get their certificate by auto-encrypt.
        [
          "tls.defaults.verify_incoming",
          !isTrue(f.json.server) ||
            (isTrue(get(d, "verify_incoming")) && get(f.json, "tls.internal_rpc.verify_incoming") !== false),
        ],
        ["tls.defaults.verify_outgoing", isTrue(get(d, "verify_outgoing"))],
        ["tls.internal_rpc.verify_server_hostname", isTrue(get(f.json, "tls.internal_rpc.verify_server_hostname"))],
      ].filter(([, ok]) => !ok);
      if (missing.length)
        findings.push({ construct: f.el.construct, found: `${at(f)}: ${missing.map(([k]) => k).join(", ")} not set` });
      if (!isTrue(f.json.server) && !isTrue(get(f.json, "auto_encrypt.tls")))
        findings.push({
          construct: f.el.construct,
          found: `${at(f)}: client without auto_encrypt.tls`,
          fix: "set auto_encrypt.tls on clients (allow_tls on servers)",
        });
    }
    return findings;
  },
};

/** HM-VM-002: ACLs on, default deny. */
export const vmAclDefaultDeny: PolicyRule = {
  id: "HM-VM-002",
  rationale:
    "With ACLs off or default allow, any process on the LAN can register services, read the catalog and change intentions.",
  fix: 'set acl.enabled to true and acl.default_policy to "deny"',
  check(ctx) {
    return mainConfigs(ctx)
      .filter((f) => !isTrue(get(f.json, "acl.enabled")) || get(f.json, "acl.default_policy") !== "deny")
      .map((f) => ({
        construct: f.el.construct,
        found: `${at(f)}: acl.enabled ${showOrAbsent(get(f.json, "acl.enabled"))}, acl.default_policy ${showOrAbsent(get(f.json, "acl.default_policy"))}`,
      }));
  },
};

/** HM-VM-003: gossip encrypted, with a key that is a reference, verified both ways. */
export const vmGossipEncryption: PolicyRule = {
  id: "HM-VM-003",
  rationale:
    "Unencrypted gossip exposes membership and lets anyone on the LAN inject members; a literal key in config leaks with the repo.",
  fix: "deliver encrypt from a Terraform reference (random_id) with encrypt_verify_incoming and encrypt_verify_outgoing true, beside the agent's TLS files",
  check(ctx) {
    const findings: Finding[] = [];
    for (const f of agentConfigs(ctx)) {
      const key = f.json.encrypt;
      if (key === undefined) continue;
      if (!isExpression(key)) findings.push({ construct: f.el.construct, found: `${at(f)}: encrypt is a literal` });
      for (const k of ["encrypt_verify_incoming", "encrypt_verify_outgoing"]) {
        if (f.json[k] === false) findings.push({ construct: f.el.construct, found: `${at(f)}: ${k} is false` });
      }
    }
    // Whatever delivers an agent's TLS trust (ca.pem) delivers its gossip key too.
    const byEl = new Map<PolicyElement, PlacedFile[]>();
    for (const f of placedFiles(ctx)) byEl.set(f.el, [...(byEl.get(f.el) ?? []), f]);
    for (const [el, files] of byEl) {
      if (!files.some((f) => /\/etc\/consul\.d\/tls\/ca\.pem$/.test(f.path))) continue;
      const gossip = agentConfigs(ctx).some((f) => f.el === el && f.json.encrypt !== undefined);
      if (!gossip)
        findings.push({ construct: el.construct, found: `${el.address} delivers the agent CA but no gossip key` });
    }
    return findings;
  },
};

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
const allLoopback = (addr: unknown) =>
  typeof addr === "string" &&
  addr
    .split(/\s+/)
    .filter(Boolean)
    .every((a) => LOOPBACK.test(a));

/** HM-VM-004: no plaintext HTTP (or gRPC) listener beyond loopback. */
export const vmNoPlaintextHttp: PolicyRule = {
  id: "HM-VM-004",
  rationale: "A plaintext API port on the LAN carries ACL tokens and catalog data in the clear.",
  fix: "set ports.http and ports.grpc to -1 (use https / grpc_tls), or bind them to 127.0.0.1 only",
  check(ctx) {
    const findings: Finding[] = [];
    for (const f of mainConfigs(ctx)) {
      for (const kind of ["http", "grpc"]) {
        const port = get(f.json, `ports.${kind}`);
        if (port === -1) continue;
        const addr = get(f.json, `addresses.${kind}`) ?? f.json.client_addr ?? "127.0.0.1";
        if (!allLoopback(addr))
          findings.push({
            construct: f.el.construct,
            found: `${at(f)}: ports.${kind} ${showOrAbsent(port ?? "default")} listens on ${showOrAbsent(addr)}`,
          });
      }
    }
    return findings;
  },
};

/** HM-VM-005: the mesh gateway is the only listener for the other site. */
export const vmGatewayOnlyCrossSite: PolicyRule = {
  id: "HM-VM-005",
  rationale:
    "Peering needs one door between sites: the mesh gateway. WAN gossip, WAN addresses on other services or upstreams bound beyond loopback open more.",
  fix: "set ports.serf_wan to -1 on servers, drop WAN settings, bind upstreams to 127.0.0.1, and give -wan-address only to the mesh gateway",
  check(ctx) {
    const findings: Finding[] = [];
    for (const f of mainConfigs(ctx)) {
      if (isTrue(f.json.server) && get(f.json, "ports.serf_wan") !== -1)
        findings.push({
          construct: f.el.construct,
          found: `${at(f)}: server keeps its WAN gossip port (ports.serf_wan ${showOrAbsent(get(f.json, "ports.serf_wan") ?? 8302)})`,
        });
      for (const k of ["retry_join_wan", "advertise_addr_wan", "translate_wan_addrs"]) {
        if (f.json[k] !== undefined) findings.push({ construct: f.el.construct, found: `${at(f)}: ${k} is set` });
      }
    }
    for (const f of agentConfigs(ctx)) {
      objects(get(f.json, "service.connect.sidecar_service.proxy.upstreams")).forEach((u, i) => {
        const addr = u.local_bind_address ?? "127.0.0.1";
        if (!allLoopback(addr))
          findings.push({ construct: f.el.construct, found: `${at(f)}: upstreams[${i}] binds ${showOrAbsent(addr)}` });
      });
      if (isObject(get(f.json, "service.tagged_addresses.wan")))
        findings.push({ construct: f.el.construct, found: `${at(f)}: service has a WAN address` });
    }
    for (const f of placedFiles(ctx).filter((x) => UNIT.test(x.path))) {
      const exec = many(f.content.split("\n").filter((l) => l.startsWith("ExecStart="))).join(" ");
      if (/-wan-address\b/.test(exec) && !/-gateway=mesh\b/.test(exec))
        findings.push({
          construct: f.el.construct,
          found: `${at(f)}: registers a WAN address but is not the mesh gateway`,
        });
      const host = /^Environment=HOST=(.*)$/m.exec(f.content)?.[1];
      if (host !== undefined && !allLoopback(host))
        findings.push({
          construct: f.el.construct,
          found: `${at(f)}: the app listens on ${showOrAbsent(host)}, not behind its sidecar`,
        });
    }
    return findings;
  },
};

/** VM hosts' agent configs and units. */
export const VM_RULES: readonly PolicyRule[] = [
  vmTlsVerify,
  vmAclDefaultDeny,
  vmGossipEncryption,
  vmNoPlaintextHttp,
  vmGatewayOnlyCrossSite,
];
