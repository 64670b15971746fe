import * as fs from "fs";
import * as path from "path";
import type { ErrorObject } from "ajv";
import * as YAML from "yaml";
import { ConfigError, type ConfigIssue, didYouMean } from "./errors";
import { show } from "../constructs/private/format";
import { checkSemantics } from "./semantics";
import { ConfigSource } from "./source";
import type { CallConfig, MeshConfig } from "./types";
import schema from "./schema.json";
// Compiled from schema.json at build time (npm run gen:validator), so loading compiles nothing.
import validate from "./schema-validator";

/** The default config file, used unless MESH_CONFIG names another. */
export const DEFAULT_CONFIG = path.join(__dirname, "default.yaml");

/** A checked config, where it came from (to locate later problems), and its warnings (located lines). */
export interface LoadedConfig {
  readonly config: MeshConfig;
  readonly source: ConfigSource;
  readonly warnings: readonly string[];
}

/** Reads, schema-checks and normalizes a config file; throws a ConfigError naming each bad path and line. */
export function loadConfig(file: string = process.env.MESH_CONFIG || DEFAULT_CONFIG): MeshConfig {
  return readConfig(file).config;
}

export interface ReadOptions {
  /** True for an issue the config's own policy suppressions waive (decided where suppressions are applied). */
  readonly waived?: (issue: ConfigIssue, config: MeshConfig) => boolean;
}

/** loadConfig, keeping the source and the warnings. */
export function readConfig(
  file: string = process.env.MESH_CONFIG || DEFAULT_CONFIG,
  opts: ReadOptions = {},
): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError([`${file}: cannot read config (${(e as NodeJS.ErrnoException).code ?? String(e)})`]);
  }
  const lines = new YAML.LineCounter();
  // Duplicate keys are found below, where both lines can be named.
  const doc = YAML.parseDocument(text, { prettyErrors: false, uniqueKeys: false, lineCounter: lines });
  if (doc.errors.length) throw new ConfigError(syntaxErrors(file, text, doc.errors, lines));
  const source = new ConfigSource(file, doc, lines);
  if (doc.contents === null) {
    throw source.error([
      {
        path: "",
        message:
          "the file is empty; a config needs project, environments, connectivity, peerings and services (see config/default.yaml)",
      },
    ]);
  }
  const duplicates = duplicateKeys(doc.contents, "", lines);
  if (duplicates.length) throw source.error(duplicates);
  return check(doc.toJS(), source, opts);
}

/** Schema-checks and normalizes an already parsed config object. */
export function parseConfig(raw: unknown, file: string | ConfigSource = "config", opts: ReadOptions = {}): MeshConfig {
  return check(raw, typeof file === "string" ? new ConfigSource(file) : file, opts).config;
}

function check(raw: unknown, source: ConfigSource, opts: ReadOptions): LoadedConfig {
  if (!validate(raw)) throw source.error(formatSchemaErrors(validate.errors ?? [], raw));
  const config = normalize(raw as RawConfig);
  const result = checkSemantics(config);
  const problems = result.problems.filter((p) => !(p.policy && opts.waived?.(p, config)));
  const { warnings } = result;
  if (problems.length) throw source.error(problems);
  return { config, source, warnings: warnings.map((w) => source.format(w)) };
}

/** The parser's own words at `file:line:col`; one line per source line, so one mistake is one line. */
function syntaxErrors(
  file: string,
  text: string,
  errors: readonly YAML.YAMLError[],
  lines: YAML.LineCounter,
): string[] {
  const out: string[] = [];
  const seen = new Set<number>();
  for (const e of errors) {
    const { line, col } = lines.linePos(openingQuote(text, e) ?? e.pos[0]);
    if (seen.has(line)) continue;
    seen.add(line);
    const message =
      e.code === "MULTIPLE_DOCS"
        ? "the file holds more than one YAML document (a second '---'); a config is one document"
        : e.message.split("\n")[0];
    out.push(`${file}:${line}:${col}: ${message}`);
  }
  return out;
}

/**
 * The parser reports a missing closing quote where the file ends; the mistake is where the quote
 * opened: the last value before that point that starts with the same quote.
 */
function openingQuote(text: string, e: YAML.YAMLError): number | undefined {
  if (e.code !== "MISSING_CHAR") return undefined;
  const quote = /Missing closing (["'])quote/.exec(e.message)?.[1];
  if (!quote) return undefined;
  let at: number | undefined;
  for (const m of text.slice(0, e.pos[0]).matchAll(new RegExp(`(^|[:\\-\\[,{]\\s+|[\\[{,])${quote}`, "gm")))
    at = m.index + m[1].length;
  return at;
}

/** Keys given twice in one mapping: YAML forbids it, and the parser would silently keep one. */
function duplicateKeys(node: unknown, at: string, lines: YAML.LineCounter): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const lineOf = (n: unknown) => (YAML.isNode(n) && n.range ? lines.linePos(n.range[0]).line : undefined);
  if (YAML.isMap(node)) {
    const first = new Map<string, unknown>();
    for (const pair of node.items) {
      const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const child = at ? `${at}.${key}` : key;
      const earlier = first.get(key);
      if (earlier !== undefined) {
        out.push({
          path: child,
          line: lineOf(pair.key),
          message: `${show(key)} is given twice (lines ${lineOf(earlier)} and ${lineOf(pair.key)}); keep one`,
        });
      } else {
        first.set(key, pair.key);
      }
      out.push(...duplicateKeys(pair.value, child, lines));
    }
  } else if (YAML.isSeq(node)) {
    node.items.forEach((item, i) => out.push(...duplicateKeys(item, `${at}[${i}]`, lines)));
  }
  return out;
}

type RawConfig = Omit<
  MeshConfig,
  "calls" | "services" | "failover" | "suppressions" | "upstreamPortBase" | "peerings" | "externalServices"
> & {
  calls?: (string | CallConfig)[];
  services: (Omit<MeshConfig["services"][number], "protocol" | "entrypoint"> & {
    protocol?: string;
    entrypoint?: boolean;
  })[];
  failover?: MeshConfig["failover"];
  externalServices?: (Omit<MeshConfig["externalServices"][number], "protocol"> & { protocol?: string })[];
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
    externalServices: (raw.externalServices ?? []).map((e) => ({
      ...e,
      protocol: (e.protocol ?? "tcp") as MeshConfig["externalServices"][number]["protocol"],
    })),
    suppressions: raw.suppressions ?? [],
    upstreamPortBase: raw.upstreamPortBase,
  };
}

function parseCall(s: string): CallConfig {
  const [from, to] = s.split("->").map((x) => x.trim());
  return { from, to };
}

/** The keys of a JSON pointer, unescaped (RFC 6901: ~1 is "/", ~0 is "~"). */
const pointerKeys = (pointer: string) =>
  pointer
    .split("/")
    .slice(1)
    .map((seg) => seg.replace(/~1/g, "/").replace(/~0/g, "~"));

/** `/environments/cloud/vpcCidr` -> `environments.cloud.vpcCidr`, `/services/2/name` -> `services[2].name`. */
function dotted(pointer: string): string {
  return pointerKeys(pointer).reduce(
    (acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg),
    "",
  );
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointerKeys(pointer).reduce<unknown>(
    (cur, seg) => (cur && typeof cur === "object" ? (cur as Record<string, unknown>)[seg] : undefined),
    root,
  );
}

function describe(e: ErrorObject, value: unknown): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "format":
      return `${show(value)} is not a valid ${p.format === "cidr" ? "CIDR" : p.format === "ipv4" ? "IPv4 address" : String(p.format)}`;
    case "pattern":
      if (e.schemaPath.includes("dnsLabel") || e.parentSchema === schema.definitions.dnsLabel)
        return `${show(value)} is not a DNS-1123 label (lower-case letters, digits and '-')`;
      if (e.schemaPath.includes("imageTag"))
        return `${show(value)} is not an image tag (letters, digits, '_', '.' and '-', at most 128) or a digest ("sha256:" and 64 hex digits)`;
      if (e.schemaPath.includes("/calls/")) return `${show(value)} is not a call; write "from -> to"`;
      if (e.schemaPath.includes("/reason/")) return `${show(value)} is blank; a suppression needs a reason`;
      return `${show(value)} does not match ${String(p.pattern)}`;
    case "maxLength":
      return `${show(value)} is longer than ${String(p.limit)} characters`;
    case "const":
      return `${show(value)} must be ${show(p.allowedValue)}`;
    case "enum":
      return `${show(value)} must be one of ${(p.allowedValues as unknown[]).map((v) => show(v)).join(", ")}`;
    case "type":
      return `${show(value)} must be ${/^[aeiou]/.test(String(p.type)) ? "an" : "a"} ${String(p.type)}`;
    case "minimum":
    case "maximum":
      return `${show(value)} must be ${String(p.comparison)} ${String(p.limit)}`;
    case "minItems":
      return `${show(value)} needs at least ${String(p.limit)} item${p.limit === 1 ? "" : "s"}`;
    case "minProperties":
      return `${show(value)} needs at least ${String(p.limit)} entr${p.limit === 1 ? "y" : "ies"}`;
    case "uniqueItems":
      return `${show(value)} has duplicate items`;
    case "discriminator":
      return `${show(value)} must be one of ${discriminatorValues(e)
        .map((v) => show(v))
        .join(", ")}`;
    default:
      return `${show(value)} ${e.message ?? "is invalid"}`;
  }
}

/** " (did you mean ...?)" over the fields the schema allows where an unknown one was found. */
function unknownFieldHint(field: string, parentSchema: unknown): string {
  const props = Object.keys((parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
  const hint = didYouMean(field, props);
  return hint ? `; ${hint}` : "";
}

/** The allowed tags of a discriminated oneOf, read from the schema itself. */
function discriminatorValues(e: ErrorObject): string[] {
  const tag = (e.params as { tag: string }).tag;
  const branches =
    (e.parentSchema as { oneOf?: { $ref?: string; properties?: Record<string, { const?: string }> }[] }).oneOf ?? [];
  return branches.map((b) => {
    const target = b.$ref ? (schema.definitions as Record<string, unknown>)[b.$ref.split("/").pop() as string] : b;
    return String((target as { properties: Record<string, { const?: string }> }).properties[tag].const);
  });
}

/** One issue per bad path: `value reason`. Keeps the most specific error per path. */
export function formatSchemaErrors(errors: readonly ErrorObject[], root: unknown): ConfigIssue[] {
  const lines = new Map<string, ConfigIssue>();
  for (const e of errors) {
    // The branch errors, and those of a property name's own schema, say more.
    if (e.keyword === "oneOf" || e.keyword === "if" || e.keyword === "propertyNames") continue;
    const p = e.params as Record<string, unknown>;
    if (e.propertyName !== undefined) {
      // A bad key: ajv points at the object holding it and names the key.
      const at = [dotted(e.instancePath), e.propertyName].filter(Boolean).join(".");
      if (!lines.has(at)) lines.set(at, { path: at, message: describe(e, e.propertyName) });
    } else if (e.keyword === "required") {
      const at = [dotted(e.instancePath), String(p.missingProperty)].filter(Boolean).join(".");
      lines.set(at, { path: at, message: "is required" });
    } else if (e.keyword === "additionalProperties") {
      const at = [dotted(e.instancePath), String(p.additionalProperty)].filter(Boolean).join(".");
      lines.set(at, {
        path: at,
        message: `unknown field${unknownFieldHint(String(p.additionalProperty), e.parentSchema)}`,
      });
    } else if (e.keyword === "discriminator") {
      const at = [dotted(e.instancePath), String(p.tag)].filter(Boolean).join(".");
      lines.set(at, { path: at, message: describe(e, valueAt(root, `${e.instancePath}/${String(p.tag)}`)) });
    } else {
      const at = dotted(e.instancePath);
      // calls[i] is a string or an object: report the string form's problem once.
      if (
        /^calls\[\d+\]/.test(at) &&
        typeof valueAt(root, e.instancePath.split("/").slice(0, 3).join("/")) === "string"
      ) {
        const item = e.instancePath.split("/").slice(0, 3).join("/");
        lines.set(dotted(item), {
          path: dotted(item),
          message: `${show(valueAt(root, item))} is not a call; write "from -> to"`,
        });
        continue;
      }
      if (!lines.has(at)) lines.set(at, { path: at, message: describe(e, valueAt(root, e.instancePath)) });
    }
  }
  return [...lines.values()];
}
