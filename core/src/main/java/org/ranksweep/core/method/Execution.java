package org.ranksweep.core.method;

/** How a worker runs a trial of a method. */
public enum Execution {
    /** Evaluate the base model as it is: no copy, no fine-tuning. */
    EVALUATE_BASE,
    /** Build the model of {@link CompressionMethod#plan}, then fine-tune and evaluate it. */
    BUILD_PLAN,
    /** Search the ranks on the held-out slice (the plan is the search's outcome), then fine-tune and evaluate. */
    SEARCH_RANKS
}
