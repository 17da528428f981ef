// The solvers are generators that yield between steps (a value telling how far they are), so that one
// caller can run them straight through and another can let other requests run between the steps.

/** Runs the steps to the end and returns the result. */
export function runSteps<P, R>(steps: Generator<P, R>): R {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs the steps, telling `onStep` each one and handing control back to the event loop between them. */
export async function runStepsHandingBack<P, R>(steps: Generator<P, R>, onStep: (progress: P) => void = () => {}): Promise<R> {
  let step = steps.next();
  while (!step.done) {
    onStep(step.value);
    await nextTurn();
    step = steps.next();
  }
  return step.value;
}
