import { deriveTopology } from "../../constructs/topology";
import { defaultSpec, problemsOf } from "./fixtures";
import { must } from "../support";

// Every port collision of one topology is reported, each once, not only the first one found.
describe("upstream port collisions", () => {
  it("reports distinct collisions in different pods together, naming the service to pin", () => {
    const spec = defaultSpec();
    const pin = (name: string, upstreamPort: number) => {
      spec.services = spec.services.map((s) => (s.name === name ? { ...s, upstreamPort } : s));
    };
    pin("c", 20849); // b's hashed port: a calls both
    pin("d", 8080); // c's own port: c calls d
    pin("f", 20000); // a sidecar port: e calls f
    const problems = problemsOf(() => deriveTopology(spec));
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^services\[3\]\.upstreamPort: 20849 \(pinned, the upstream listener for "c"\) collides with the listener for "b" in "a"'s pod; pin services\[3\]\.upstreamPort to a free port, e\.g\. \d+$/,
        ),
        expect.stringMatching(
          /^services\[4\]\.upstreamPort: 8080 \(pinned, the upstream listener for "d"\) collides with the port of "c" itself in its pod; pin/,
        ),
        expect.stringMatching(
          /^services\[2\]\.upstreamPort: 20000 \(pinned, the upstream listener for "f"\) is a port the Consul sidecar binds in "e"'s pod; pin/,
        ),
      ]),
    );
  });

  it("suggests a port that is free in every pod that calls the service", () => {
    const spec = defaultSpec();
    spec.services = spec.services.map((s) => (s.name === "c" ? { ...s, upstreamPort: 20849 } : s));
    const [problem] = problemsOf(() => deriveTopology(spec));
    const suggested = Number(must(/e\.g\. (\d+)$/.exec(problem))[1]);
    spec.services = spec.services.map((s) => (s.name === "c" ? { ...s, upstreamPort: suggested } : s));
    expect(() => deriveTopology(spec)).not.toThrow();
  });
});
