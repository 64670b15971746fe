import * as fs from "fs";
import * as path from "path";
import * as lib from "../../constructs";
import { DEFAULT_RULES } from "../../constructs/policy";
import { API_DIR, RULES_MD, apiStaleness, renderRulesMd } from "../../scripts/gen-docs";

const ROOT = path.resolve(__dirname, "../..");

describe("generated docs", () => {
  it("RULES.md's rule table and count are what the rules render (npm run docs)", () => {
    expect(fs.readFileSync(RULES_MD, "utf8") === renderRulesMd()).toBe(true);
  });

  // Reruns typedoc (seconds) only when the library sources changed since docs/api was generated.
  it("docs/api is what typedoc generates from the current sources (npm run docs)", () => {
    expect(apiStaleness()).toBeUndefined();
  }, 60_000);

  it("docs/api documents every value the package exports", () => {
    const api = fs.readFileSync(path.join(API_DIR, "README.md"), "utf8");
    const headings = new Set([...api.matchAll(/^### (?:`abstract` )?([\w\\]+)(?:\(\))?$/gm)].map((m) => m[1].replace(/\\/g, "")));
    expect(Object.keys(lib).filter((name) => !headings.has(name))).toEqual([]);
  });

  it("the README's policy table lists exactly the gate's rules", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Policy gate rules"), readme.indexOf("## Use as a library"));
    const ids = [...section.matchAll(/^\| (HM-[A-Z]+-)(\d{3})(?: … (\d{3}))? \|/gm)].flatMap(([, prefix, from, to]) => {
      const out: string[] = [];
      for (let n = Number(from); n <= Number(to ?? from); n++) out.push(`${prefix}${String(n).padStart(3, "0")}`);
      return out;
    });
    expect(ids).toEqual(DEFAULT_RULES.map((r) => r.id));
  });
});
