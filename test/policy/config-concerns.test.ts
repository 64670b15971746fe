import { POLICY_CONCERNS } from "../../config/errors";
import { DEFAULT_RULES, rulesGuarding } from "../../constructs/policy";

describe("config concerns", () => {
  it("each concern the config flags is guarded by exactly one gate rule, which names it", () => {
    for (const concern of POLICY_CONCERNS) {
      const ids = rulesGuarding(concern);
      expect(ids).toHaveLength(1);
      expect(DEFAULT_RULES.find((r) => r.id === ids[0])?.configConcerns).toContain(concern);
    }
    expect(rulesGuarding("eks-public-endpoint")).toEqual(["HM-EKS-001"]);
  });

  it("rules name only concerns the config flags", () => {
    const named = DEFAULT_RULES.flatMap((r) => r.configConcerns ?? []);
    expect(named.filter((c) => !(POLICY_CONCERNS as readonly string[]).includes(c))).toEqual([]);
  });

  it("an unknown concern, or a rule list without it, is guarded by nothing", () => {
    expect(rulesGuarding("no-such-concern")).toEqual([]);
    expect(
      rulesGuarding(
        "eks-public-endpoint",
        DEFAULT_RULES.filter((r) => r.id !== "HM-EKS-001"),
      ),
    ).toEqual([]);
  });
});
