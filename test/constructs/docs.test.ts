import * as fs from "fs";
import * as path from "path";
import * as lib from "../../constructs";
import { DEFAULT_RULES } from "../../constructs/policy";
import { API_DIR, RULES_MD, apiStaleness, renderRulesMd } from "../../scripts/gen-docs";

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
    const headings = new Set(
      [...api.matchAll(/^### (?:`abstract` )?([\w\\]+)(?:\(\))?$/gm)].map((m) => m[1].replace(/\\/g, "")),
    );
    expect(Object.keys(lib).filter((name) => !headings.has(name))).toEqual([]);
  });

  it("RULES.md's table lists exactly the gate's default rules, and says how many", () => {
    const rules = fs.readFileSync(RULES_MD, "utf8");
    const ids = [...rules.matchAll(/^\| (HM-[A-Z]+-\d{3}) \|/gm)].map((m) => m[1]);
    expect(ids).toEqual(DEFAULT_RULES.map((r) => r.id));
    expect(rules).toContain(`runs these ${DEFAULT_RULES.length} rules`);
  });

  it("renderRulesMd refuses a RULES.md without its generated-table markers, rather than keep a stale table", () => {
    // given
    const withoutMarkers = "# Policy gate rules\n\nruns these 3 rules\n| HM-NET-001 | ... |\n";
    // when
    const render = () => renderRulesMd(withoutMarkers);
    // then
    expect(render).toThrow(/markers/);
  });
});
