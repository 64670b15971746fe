import { CONSUL_CE } from "../../constructs/consul-target";
import { checkEnterprise, checkFeature } from "../../constructs/private/edition";
import { Problems } from "../../constructs/private/problems";

// The Enterprise checks leave unset values alone: undefined, null and "" (for a feature) are not set.
describe("checkFeature and checkEnterprise", () => {
  it("stay silent on unset values, on CE too", () => {
    const p = new Problems("x");
    for (const v of [undefined, null, ""]) checkFeature(p, CONSUL_CE, "namespaces", "a", v);
    for (const v of [undefined, null]) checkEnterprise(p, CONSUL_CE, "b", v, "rate limits");
    expect(p.count).toBe(0);
  });

  it("speak for a set value on CE", () => {
    const p = new Problems("x");
    checkFeature(p, CONSUL_CE, "samenessGroups", "a", "g");
    checkEnterprise(p, CONSUL_CE, "b", 0, "rate limits");
    expect(p.count).toBe(2);
  });
});
