import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import * as YAML from "yaml";
import * as formats from "../../config/formats";
import { formatSchemaErrors } from "../../config/load";
import schema from "../../config/schema.json";
import generated from "../../config/schema-validator";
import { VALIDATOR_FILE, validatorSource } from "../../scripts/gen-validator";

const ROOT = path.join(__dirname, "..", "..");

/** Every way to break the default config one spot at a time: wrong values, removals, unknown fields. */
function mutations(): { label: string; doc: unknown }[] {
  const base = YAML.parse(fs.readFileSync(path.join(ROOT, "config", "default.yaml"), "utf8")) as Record<
    string,
    unknown
  >;
  const bad: unknown[] = [12345, -1, 0.5, "Not A Label!", "10.0.0.1/99", "", true, [], {}, null, ["x", "x"]];
  const out: { label: string; doc: unknown }[] = [];
  const walk = (node: unknown, at: (string | number)[]) => {
    const edit = (label: string, change: (parent: Record<string | number, unknown>, key: string | number) => void) => {
      const doc = structuredClone(base);
      let parent = doc as Record<string | number, unknown>;
      for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
      change(parent, at[at.length - 1]);
      out.push({ label: `${at.join(".")} ${label}`, doc });
    };
    if (at.length) {
      bad.forEach((v) => {
        edit(`= ${JSON.stringify(v)}`, (p, k) => (p[k] = structuredClone(v)));
      });
      edit("removed", (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : Reflect.deleteProperty(p, k)));
    }
    if (node && typeof node === "object") {
      if (!Array.isArray(node) && at.length)
        edit("+ unknown field", (p, k) => ((p[k] as Record<string, unknown>).bogus = 1));
      for (const [k, v] of Object.entries(node)) walk(v, [...at, Array.isArray(node) ? Number(k) : k]);
    }
  };
  walk(base, []);
  return out;
}

describe("generated config validator", () => {
  it("is up to date with config/schema.json (run `npm run gen:validator` after editing the schema)", () => {
    expect(fs.readFileSync(VALIDATOR_FILE, "utf8")).toBe(validatorSource());
  });

  it("reports exactly the messages a schema compiled at run time reports", () => {
    // The loader's former run-time compile, kept here as the reference.
    const ajv = new Ajv({ allErrors: true, discriminator: true, strict: false, verbose: true });
    for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format);
    const reference = ajv.compile(schema);
    const cases = mutations();
    expect(cases.length).toBeGreaterThan(300);
    let invalid = 0;
    for (const { label, doc } of cases) {
      const ok = reference(doc);
      expect([label, generated(doc)]).toEqual([label, ok]);
      if (ok) continue;
      invalid++;
      expect([label, formatSchemaErrors(generated.errors ?? [], doc)]).toEqual([
        label,
        formatSchemaErrors(reference.errors ?? [], doc),
      ]);
    }
    expect(invalid).toBeGreaterThan(300);
  });
});
