package org.ranksweep.core.method;

import java.util.Map;
import java.util.function.Supplier;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.trial.TrialConfig;

/**
 * One compression method, complete: its spec name and the options a spec entry of it accepts (read by the spec
 * parser), how a worker executes it, and — for methods that build their plan directly — the plan a trial's budget or
 * ranks give, priced by the cost formulas of {@code org.ranksweep.core.cost}. A worker builds the model a plan
 * describes by the plan's {@link #attentionForm()}, so a method that reuses an existing form needs no worker code.
 * Adding a method means one class implementing this and one entry in {@link Methods#ALL}. Implementations are
 * immutable and thread-safe.
 */
public interface CompressionMethod {

    /** The name used in specs, trial configurations and results, e.g. {@code svd-matrix}. */
    String name();

    /** The keys a spec entry of this method accepts and their bounds. */
    MethodOptions options();

    /** How a worker runs a trial of this method. */
    Execution execution();

    /** How a worker fills a plan's attention from the dense weights. */
    AttentionForm attentionForm();

    /**
     * The plan of a trial of this method ({@link Execution#BUILD_PLAN} only). {@code headScores} (importance per
     * block and head, computed by the worker from the base model) is asked for only by methods that select heads.
     *
     * @throws UnsupportedOperationException for methods whose plan is not built directly
     */
    default ModelPlan plan(TrialConfig config, VitShape shape, Supplier<double[][]> headScores) {
        throw new UnsupportedOperationException(name() + " builds no plan directly (" + execution() + ")");
    }

    /** The per-layer ranks or kept heads of the attention in a plan of this method, as a trial's result reports them. */
    Map<String, Object> attentionRanks(ModelPlan plan);
}
