import * as fs from "fs";
import * as path from "path";
import type { ErrorObject } from "ajv";
import * as YAML from "yaml";
import { MeshValidationError, show } from "../constructs/errors";
import { checkSemantics } from "./semantics";
import type { CallConfig, MeshConfig } from "./types";
import schema from "./schema.json";
// Compiled from schema.json at build time (npm run gen:validator), so loading compiles nothing.
import validate from "./schema-validator";

/** The default config file, used unless MESH_CONFIG names another. */
export const DEFAULT_CONFIG = path.join(__dirname, "default.yaml");

/** Reads, schema-checks and normalizes a config file; throws MeshValidationError naming each bad path. */
export function loadConfig(file: string = process.env.MESH_CONFIG || DEFAULT_CONFIG): MeshConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new MeshValidationError([`${file}: cannot read config (${(e as NodeJS.ErrnoException).code ?? String(e)})`]);
  }
  const doc = YAML.parseDocument(text, { prettyErrors: false });
  if (doc.errors.length) {
    throw new MeshValidationError(doc.errors.map((e) => `${file}: not valid YAML: ${e.message.split("\n")[0]}`));
  }
  return parseConfig(doc.toJS(), file);
}

/** Schema-checks and normalizes an already parsed config object. */
export function parseConfig(raw: unknown, file = "config"): MeshConfig {
  if (!validate(raw)) {
    throw new MeshValidationError(formatSchemaErrors(validate.errors ?? [], raw).map((l) => `${file}: ${l}`));
  }
  const config = normalize(raw as RawConfig);
  const problems = checkSemantics(config);
  if (problems.length) throw new MeshValidationError(problems.map((l) => `${file}: ${l}`));
  return config;
}

type RawConfig = Omit<MeshConfig, "calls" | "services" | "failover" | "suppressions" | "upstreamPortBase" | "peerings"> & {
  calls?: (string | CallConfig)[];
  services: (Omit<MeshConfig["services"][number], "protocol" | "entrypoint"> & { protocol?: string; entrypoint?: boolean })[];
  failover?: MeshConfig["failover"];
  suppressions?: MeshConfig["suppressions"];
  upstreamPortBase?: number;
  peerings: { acceptor: string; dialer: string; version?: number }[];
};

function normalize(raw: RawConfig): MeshConfig {
  return {
    ...raw,
    peerings: raw.peerings.map((p) => ({ ...p, version: p.version ?? 1 })),
    services: raw.services.map((s) => ({
      ...s,
      protocol: (s.protocol ?? "http") as MeshConfig["services"][number]["protocol"],
      entrypoint: s.entrypoint ?? false,
    })),
    calls: (raw.calls ?? []).map((c) => (typeof c === "string" ? parseCall(c) : c)),
    failover: raw.failover ?? [],
    suppressions: raw.suppressions ?? [],
    upstreamPortBase: raw.upstreamPortBase ?? 9100,
  };
}

function parseCall(s: string): CallConfig {
  const [from, to] = s.split("->").map((x) => x.trim());
  return { from, to };
}

/** `/environments/cloud/vpcCidr` -> `environments.cloud.vpcCidr`, `/services/2/name` -> `services[2].name`. */
function dotted(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((seg) => seg.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), "");
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .reduce<unknown>((cur, seg) => (cur && typeof cur === "object" ? (cur as Record<string, unknown>)[seg] : undefined), root);
}

function describe(e: ErrorObject, value: unknown): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "format":
      return `${show(value)} is not a valid ${p.format === "cidr" ? "CIDR" : p.format === "ipv4" ? "IPv4 address" : p.format}`;
    case "pattern":
      if (e.schemaPath.includes("dnsLabel") || e.parentSchema === schema.definitions.dnsLabel)
        return `${show(value)} is not a DNS-1123 label (lower-case letters, digits and '-')`;
      if (e.schemaPath.includes("/calls/")) return `${show(value)} is not a call; write "from -> to"`;
      if (e.schemaPath.includes("/reason/")) return `${show(value)} is blank; a suppression needs a reason`;
      return `${show(value)} does not match ${p.pattern}`;
    case "maxLength":
      return `${show(value)} is longer than ${p.limit} characters`;
    case "const":
      return `${show(value)} must be ${show(p.allowedValue)}`;
    case "enum":
      return `${show(value)} must be one of ${(p.allowedValues as unknown[]).map((v) => show(v)).join(", ")}`;
    case "type":
      return `${show(value)} must be ${/^[aeiou]/.test(String(p.type)) ? "an" : "a"} ${p.type}`;
    case "minimum":
    case "maximum":
      return `${show(value)} must be ${p.comparison} ${p.limit}`;
    case "minItems":
      return `${show(value)} needs at least ${p.limit} item${p.limit === 1 ? "" : "s"}`;
    case "minProperties":
      return `${show(value)} needs at least ${p.limit} entr${p.limit === 1 ? "y" : "ies"}`;
    case "uniqueItems":
      return `${show(value)} has duplicate items`;
    case "discriminator":
      return `${show(value)} must be one of ${discriminatorValues(e).map((v) => show(v)).join(", ")}`;
    default:
      return `${show(value)} ${e.message ?? "is invalid"}`;
  }
}

/** The allowed tags of a discriminated oneOf, read from the schema itself. */
function discriminatorValues(e: ErrorObject): string[] {
  const tag = String((e.params as { tag: string }).tag);
  const branches = ((e.parentSchema as { oneOf?: { $ref?: string; properties?: Record<string, { const?: string }> }[] }).oneOf ?? []);
  return branches.map((b) => {
    const target = b.$ref ? (schema.definitions as Record<string, unknown>)[b.$ref.split("/").pop() as string] : b;
    return String((target as { properties: Record<string, { const?: string }> }).properties[tag].const);
  });
}

/** One line per problem: `path: value reason`. Keeps the most specific error per path. */
export function formatSchemaErrors(errors: ErrorObject[], root: unknown): string[] {
  const lines = new Map<string, string>();
  for (const e of errors) {
    if (e.keyword === "oneOf" || e.keyword === "if") continue; // the branch errors say more
    const p = e.params as Record<string, unknown>;
    if (e.keyword === "required") {
      const at = [dotted(e.instancePath), String(p.missingProperty)].filter(Boolean).join(".");
      lines.set(at, `${at}: is required`);
    } else if (e.keyword === "additionalProperties") {
      const at = [dotted(e.instancePath), String(p.additionalProperty)].filter(Boolean).join(".");
      lines.set(at, `${at}: unknown field`);
    } else if (e.keyword === "discriminator") {
      const at = [dotted(e.instancePath), String(p.tag)].filter(Boolean).join(".");
      lines.set(at, `${at}: ${describe(e, valueAt(root, `${e.instancePath}/${p.tag}`))}`);
    } else {
      const at = dotted(e.instancePath) || "(root)";
      // calls[i] is a string or an object: report the string form's problem once.
      if (/^calls\[\d+\]/.test(at) && typeof valueAt(root, e.instancePath.split("/").slice(0, 3).join("/")) === "string") {
        const item = e.instancePath.split("/").slice(0, 3).join("/");
        lines.set(dotted(item), `${dotted(item)}: ${show(valueAt(root, item))} is not a call; write "from -> to"`);
        continue;
      }
      if (!lines.has(at)) lines.set(at, `${at}: ${describe(e, valueAt(root, e.instancePath))}`);
    }
  }
  return [...lines.values()];
}
