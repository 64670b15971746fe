import * as YAML from "yaml";
import { HELM_YAML } from "../../constructs/policy/rules/consul-values";
import { renderValues } from "../../infra/chart-values";
import { cloudConfig } from "../../infra/vm/cloud-init";

// Helm reads values with go-yaml v2 and cloud-init with PyYAML, both by YAML 1.1, where a plain
// `on`, `off`, `yes` or `no` is a boolean (helm/helm issues 5497 and 12179). The yaml package writes
// by 1.2 unless told, which leaves such strings unquoted.

describe("renderValues", () => {
  it("quotes strings that YAML 1.1 would read as booleans, so Helm reads the same values", () => {
    // given
    const overrides = { probe: { mode: "off", answer: "yes", flag: true, letter: "n" } };
    // when
    const text = renderValues("kind", overrides);
    // then
    expect(text).toContain('  mode: "off"\n');
    expect(text).toContain('  answer: "yes"\n');
    expect(text).toContain("  flag: true\n");
    expect((YAML.parse(text, HELM_YAML) as { probe: unknown }).probe).toEqual(overrides.probe);
  });
});

describe("cloudConfig", () => {
  it("quotes file contents and modes that PyYAML would read as booleans or numbers", () => {
    // when
    const text = cloudConfig([{ path: "/etc/flag", content: "on", mode: "0644" }], []);
    // then
    const doc = YAML.parse(text, { version: "1.1" }) as { write_files: { content: unknown; permissions: unknown }[] };
    expect(doc.write_files[0]).toMatchObject({ content: "on", permissions: "0644" });
  });
});
