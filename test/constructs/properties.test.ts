import * as fc from "fast-check";
import { ExportedServices } from "../../constructs/exported-services";
import { isDnsLabel } from "../../constructs/errors";
import { ServiceIntentions } from "../../constructs/service-intentions";
import { newStack, onlyManifest, problemsOf } from "./helpers";

const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);

describe("property-based", () => {
  it("any peer containing '*' is rejected with its exact path and value", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), (pre, post) => {
        const peer = `${pre}*${post}`;
        const i = new ServiceIntentions(newStack(), "i", {
          destination: "c",
          sources: [{ name: "a", action: "allow" }],
        });
        expect(problemsOf(() => i.addSource({ name: "b", peer, action: "allow" }))).toContain(
          `test/i: ServiceIntentions.sources[1].peer: ${JSON.stringify(peer)} is not allowed; name one peer`,
        );
      }),
      { numRuns: 50 },
    );
  });

  it("any DNS-label peer is accepted and rendered unchanged", () => {
    fc.assert(
      fc.property(label, label, (svc, peer) => {
        const stack = newStack();
        new ExportedServices(stack, "e").addService({ name: svc, consumers: [{ peer }] });
        expect(onlyManifest(stack).spec.services).toEqual([{ name: svc, consumers: [{ peer }] }]);
      }),
      { numRuns: 25 },
    );
  });

  it("names that are not DNS labels are always rejected", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 70 }).filter((s) => s !== "" && s !== "*" && !isDnsLabel(s)),
        (name) => {
          const p = problemsOf(() =>
            new ExportedServices(newStack(), "e").addService({ name: name, consumers: [{ peer: "onprem" }] }),
          );
          expect(p[0]).toContain(`ExportedServices.services[0].name: ${JSON.stringify(name)} is not a DNS-1123 label`);
        },
      ),
      { numRuns: 50 },
    );
  });
});
