package org.ranksweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AdamW with decoupled weight decay on matrices only: Linear and patch-embedding weights (two or more dimensions,
 * type {@code WEIGHT}) decay; biases, LayerNorm gammas and betas, the class token and the position embedding (every
 * other type, and any one-dimensional array) do not, as in timm and DeiT. The update is libtorch's fused Adam kernel,
 * called as DJL's {@code AdamW} calls it (β₁ 0.9, β₂ 0.999, ε 1e-8, bias correction by the update number), so an
 * uninterrupted run trains exactly as with DJL's optimizer; unlike it, the state (both moment estimates of every
 * parameter and the update number) can be {@linkplain #state taken} into a checkpoint and {@linkplain #restore
 * restored}, so a resumed run goes on exactly as if it had never stopped. Not thread-safe: one instance serves one
 * training loop.
 */
public final class DecayGroups {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final String MEAN = "/mean";
    private static final String VARIANCE = "/variance";

    private final Tracker learningRate;
    private final float weightDecay;
    /** Per parameter name: first and second moment estimates, in the order parameters were first updated. */
    private final Map<String, NDArray[]> moments = new LinkedHashMap<>();
    /** Updates since the moments started from zero (Adam's t): bias correction counts from here. */
    private int updates;
    /** Updates of the run done before the moments started from zero (a checkpoint without them). */
    private int scheduleOffset;

    /**
     * @param learningRate the rate of update n (1, 2, …) of the whole run
     */
    public DecayGroups(Tracker learningRate, double weightDecay) {
        this.learningRate = learningRate;
        this.weightDecay = (float) weightDecay;
    }

    /** Whether weight decay applies to {@code parameter}: a weight matrix or convolution kernel. */
    static boolean decays(Parameter parameter) {
        return parameter.getType() == Parameter.Type.WEIGHT
                && parameter.getArray().getShape().dimension() > 1;
    }

    /** Starts the next update: every {@link #update} until the next call belongs to it. */
    public void nextUpdate() {
        updates++;
    }

    /**
     * The current update of the parameter {@code name} from {@code gradient}, with or without decay as {@link #decays}
     * says.
     */
    public void update(String name, Parameter parameter, NDArray gradient) {
        if (updates == 0) {
            throw new IllegalStateException("update before nextUpdate()");
        }
        NDArray weight = parameter.getArray();
        NDArray[] state = moments.computeIfAbsent(name, key -> new NDArray[] {weight.zerosLike(), weight.zerosLike()});
        float rate = learningRate.getNewValue(scheduleOffset + updates);
        double coefficient1 = 1.0 - Math.pow(BETA1, updates);
        double coefficient2 = 1.0 - Math.pow(BETA2, updates);
        float corrected = (float) (rate * Math.sqrt(coefficient2) / coefficient1);
        weight.getNDArrayInternal()
                .adamUpdate(
                        new NDList(weight, gradient, state[0], state[1]),
                        new NDList(weight),
                        rate,
                        corrected,
                        decays(parameter) ? weightDecay : 0f,
                        1f,
                        -1f,
                        BETA1,
                        BETA2,
                        EPSILON,
                        true,
                        true);
    }

    /** Updates done since the moments started from zero. */
    int updates() {
        return updates;
    }

    /**
     * The moment estimates of every parameter updated so far, named {@code <parameter>/mean} and
     * {@code <parameter>/variance}; they stay owned by this optimizer (do not close them).
     */
    NDList state() {
        NDList state = new NDList();
        moments.forEach((name, pair) -> {
            pair[0].setName(name + MEAN);
            pair[1].setName(name + VARIANCE);
            state.add(pair[0]);
            state.add(pair[1]);
        });
        return state;
    }

    /**
     * Goes on from a checkpoint after {@code doneUpdates} updates. With the {@code state} it saved (moments of
     * exactly the {@code parameters}, each of its parameter's shape) the next update is the one an uninterrupted run
     * would make; without it (absent, or not matching: the reason is returned) the moments start from zero, with
     * bias correction restarting, and only the learning-rate schedule goes on; a state not used is closed.
     *
     * @return why the saved state was not used, if it was not
     */
    Optional<String> restore(int doneUpdates, Optional<NDList> state, List<Pair<String, Parameter>> parameters) {
        moments.clear();
        updates = 0;
        scheduleOffset = doneUpdates;
        if (state.isEmpty()) {
            return Optional.of("the checkpoint holds no optimizer state");
        }
        Map<String, NDArray> saved = new LinkedHashMap<>();
        for (NDArray array : state.get()) {
            saved.put(array.getName(), array);
        }
        if (saved.size() != 2 * parameters.size()) {
            state.get().close();
            return Optional.of("the checkpoint holds " + saved.size() / 2 + " parameters' moments, the model trains "
                    + parameters.size());
        }
        Map<String, NDArray[]> restored = new LinkedHashMap<>();
        for (Pair<String, Parameter> entry : parameters) {
            NDArray mean = saved.get(entry.getKey() + MEAN);
            NDArray variance = saved.get(entry.getKey() + VARIANCE);
            var shape = entry.getValue().getArray().getShape();
            if (mean == null
                    || variance == null
                    || !mean.getShape().equals(shape)
                    || !variance.getShape().equals(shape)) {
                state.get().close();
                return Optional.of(
                        "the checkpoint's moments of " + entry.getKey() + " are missing or of another shape");
            }
            restored.put(entry.getKey(), new NDArray[] {mean, variance});
        }
        moments.putAll(restored);
        updates = doneUpdates;
        scheduleOffset = 0;
        return Optional.empty();
    }
}
