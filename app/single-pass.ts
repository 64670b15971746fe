import { ref, TerraformStack, type App, type IResolveContext } from "cdktf";
import { withFastResolve } from "./fast-resolve";

// cdktf's App.synth() resolves every element twice: once in a "preparing" pass
// (TerraformStack.prepareStack) whose only effect is to find references from one stack to another
// and add the output and remote state they need (cdktf/lib/tfExpression.js, Reference.resolve;
// nothing else reads `context.preparing`), then again to write the JSON. Few of the mesh app's
// stacks reference another (a VM environment's mesh stack trusts its consul stack's CA), so for the
// rest the first pass is a third of the synth's work for nothing. synthSinglePass runs it only for
// stacks marked with readsOtherStacks, and stops with CrossStackReference the moment the writing
// pass meets a reference in an unmarked stack; the caller then synthesizes again the way cdktf
// does (app/synth.ts), so a missing mark costs time, never a wrong output. The writing pass
// resolves through fastResolve (app/fast-resolve.ts).

/** Raised by synthSinglePass when a stack references another: synthesize again with App.synth(). */
export class CrossStackReference extends Error {}

interface Reference {
  readonly originStack?: TerraformStack;
  readonly crossStackIdentifier: Partial<Record<string, string>>;
  resolve: (this: Reference, context: IResolveContext) => unknown;
}

const marked = new WeakSet<TerraformStack>();

/** Marks a stack that references another stack's elements: synthSinglePass prepares it as cdktf does. */
export function readsOtherStacks<T extends TerraformStack>(stack: T): T {
  marked.add(stack);
  return stack;
}

let armed = false;
// The class is not exported; ref() makes one. Patched once, and checks only while armed.
const reference = Object.getPrototypeOf(ref("x")) as Reference;
const resolveReference = reference.resolve;
reference.resolve = function (this: Reference, context: IResolveContext): unknown {
  if (armed && !context.preparing && this.originStack) {
    const here = TerraformStack.of(context.scope);
    if (this.originStack !== here && this.crossStackIdentifier[here.toString()] === undefined) {
      throw new CrossStackReference(`${here.node.path} references ${this.originStack.node.path}`);
    }
  }
  return resolveReference.call(this, context);
};

/**
 * App.synth() with the preparing pass of unmarked stacks reduced to what it does besides
 * cross-stack references: making sure the stack has a backend; values resolved by fastResolve.
 * Throws CrossStackReference (output half-written: discard it and the app, whose aspects have run)
 * when an unmarked stack references another.
 */
export function synthSinglePass(app: App): void {
  const stacks = app.node
    .findAll()
    .filter((c) => TerraformStack.isStack(c))
    .filter((s) => !marked.has(s));
  for (const stack of stacks) {
    stack.prepareStack = () => {
      stack.ensureBackendExists();
    };
  }
  armed = true;
  try {
    withFastResolve(() => {
      app.synth();
    });
  } finally {
    armed = false;
    for (const stack of stacks) Reflect.deleteProperty(stack, "prepareStack");
  }
}
