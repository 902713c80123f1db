package org.ranksweep.worker.diffusion;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.train.DecayGroups;
import org.ranksweep.worker.train.ModelTrainer;
import org.ranksweep.worker.train.TrainingDivergedException;

/**
 * Trains a {@link DiffusionTransformer} by ε-prediction: per step a batch of images x₀ (pixels scaled to [−1, 1]),
 * timesteps t uniform in 1..T, noise ε ~ N(0, I), x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε, loss ‖ε̂(x_t, t, prompt) − ε‖²
 * averaged; Adam updates only the parameters given (the rest are frozen for the run), and with an EMA decay the
 * result is their exponential moving average ({@link DiffusionTraining#emaDecayAt}). Deterministic for a seed.
 * Not thread-safe: one instance runs one training.
 */
public final class DiffusionTrainer {

    /** Told after every step. */
    @FunctionalInterface
    public interface StepListener {
        void stepped(int step, float loss);
    }

    /** What a training did: steps, seconds spent in them, and the mean loss of the last tenth of the steps. */
    public record Record(int steps, double seconds, double finalLoss) {

        public double secondsPerStep() {
            return seconds / steps;
        }
    }

    private final DiffusionTransformer model;
    private final NoiseSchedule schedule;
    private final DiffusionTraining settings;

    public DiffusionTrainer(DiffusionTransformer model, NoiseSchedule schedule, DiffusionTraining settings) {
        this.model = model;
        this.schedule = schedule;
        this.settings = settings;
    }

    /**
     * Trains {@code trained} (every other parameter frozen) on {@code images}, each prompted by
     * {@code promptOfLabel}, for the configured steps.
     */
    public Record train(
            ImageSet images,
            IntFunction<int[]> promptOfLabel,
            List<Pair<String, Parameter>> trained,
            NDManager manager,
            StepListener listener) {
        CustomizationMethod.freezeAllBut(model, trained);
        DecayGroups optimizer = new DecayGroups(Tracker.fixed((float) settings.learningRate()), 0);
        ParameterStore parameterStore = new ParameterStore(manager, false);
        SplittableRandom random = new SplittableRandom(settings.seed());
        Batches order = new Batches(images.size(), settings.batch(), random.split());
        int tail = Math.max(1, settings.steps() / 10);
        double tailLoss = 0;
        long started = System.nanoTime();
        List<NDArray> averages = settings.emaDecay() > 0
                ? trained.stream()
                        .map(entry -> entry.getValue().getArray().duplicate())
                        .toList()
                : List.of();
        try {
            for (int step = 1; step <= settings.steps(); step++) {
                float loss;
                try (NDManager scope = manager.newSubManager()) {
                    NDList inputs = noisyBatch(images, order.next(), promptOfLabel, random, scope);
                    ModelTrainer.gradientSection().lock();
                    try {
                        loss = step(inputs, parameterStore, optimizer, trained, step);
                    } finally {
                        ModelTrainer.gradientSection().unlock();
                    }
                }
                average(trained, averages, settings.emaDecayAt(step));
                if (step > settings.steps() - tail) {
                    tailLoss += loss;
                }
                listener.stepped(step, loss);
            }
            for (int index = 0; index < averages.size(); index++) {
                trained.get(index).getValue().getArray().set(new NDIndex("..."), averages.get(index));
            }
        } finally {
            averages.forEach(NDArray::close);
        }
        return new Record(settings.steps(), (System.nanoTime() - started) / 1e9, tailLoss / tail);
    }

    /** Moves each running average towards its parameter's weights: average ← decay·average + (1 − decay)·weights. */
    private static void average(List<Pair<String, Parameter>> trained, List<NDArray> averages, double decay) {
        for (int index = 0; index < averages.size(); index++) {
            try (NDArray share = trained.get(index).getValue().getArray().mul((float) (1 - decay))) {
                averages.get(index).muli((float) decay).addi(share);
            }
        }
    }

    /**
     * One optimisation step on {@code inputs} (x_t, t, prompt ids, ε): the loss, after the update. Runs under the
     * JVM-wide gradient lock, which trials on other slots take too.
     */
    private float step(
            NDList inputs,
            ParameterStore parameterStore,
            DecayGroups optimizer,
            List<Pair<String, Parameter>> trained,
            int step) {
        float loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray predicted =
                    model.forward(parameterStore, inputs.subNDList(0, 3), true).singletonOrThrow();
            NDArray objective = predicted.sub(inputs.get(3)).square().mean();
            loss = objective.getFloat();
            if (!Float.isFinite(loss)) {
                throw new TrainingDivergedException("diffusion loss is " + loss + " at step " + step);
            }
            collector.backward(objective);
        }
        optimizer.nextUpdate();
        for (Pair<String, Parameter> entry : trained) {
            try (NDArray gradient = entry.getValue().getArray().getGradient()) {
                optimizer.update(entry.getKey(), entry.getValue(), gradient);
            }
        }
        return loss;
    }

    /** x_t, t, prompt ids and ε for the images at {@code indices}. */
    private NDList noisyBatch(
            ImageSet images,
            int[] indices,
            IntFunction<int[]> promptOfLabel,
            SplittableRandom random,
            NDManager scope) {
        int pixels = images.imageBytes();
        float[] noisy = new float[indices.length * pixels];
        float[] noise = new float[noisy.length];
        float[] timesteps = new float[indices.length];
        long[] prompts = new long[indices.length * Prompts.LENGTH];
        for (int row = 0; row < indices.length; row++) {
            int t = 1 + random.nextInt(schedule.steps());
            timesteps[row] = t;
            double signal = Math.sqrt(schedule.alphaBar(t));
            double spread = Math.sqrt(1 - schedule.alphaBar(t));
            for (int offset = 0; offset < pixels; offset++) {
                double clean = images.pixel(indices[row], offset) / 127.5 - 1;
                double epsilon = random.nextGaussian();
                noise[row * pixels + offset] = (float) epsilon;
                noisy[row * pixels + offset] = (float) (signal * clean + spread * epsilon);
            }
            int[] prompt = random.nextDouble() < settings.promptDropout()
                    ? Prompts.nullTokens()
                    : promptOfLabel.apply(images.label(indices[row]));
            for (int token = 0; token < Prompts.LENGTH; token++) {
                prompts[row * Prompts.LENGTH + token] = prompt[token];
            }
        }
        Shape imageShape = new Shape(indices.length, images.channels(), images.height(), images.width());
        return new NDList(
                scope.create(noisy, imageShape),
                scope.create(timesteps),
                scope.create(prompts, new Shape(indices.length, Prompts.LENGTH)),
                scope.create(noise, imageShape));
    }

    /** Endless batches: a fresh seeded permutation per pass; a set smaller than a batch repeats within it. */
    private static final class Batches {
        private final int size;
        private final int batch;
        private final SplittableRandom random;
        private int[] permutation = new int[0];
        private int cursor;

        Batches(int size, int batch, SplittableRandom random) {
            this.size = size;
            this.batch = batch;
            this.random = random;
        }

        int[] next() {
            int[] indices = new int[batch];
            for (int index = 0; index < batch; index++) {
                if (cursor == permutation.length) {
                    permutation = shuffled();
                    cursor = 0;
                }
                indices[index] = permutation[cursor++];
            }
            return indices;
        }

        private int[] shuffled() {
            int[] order = new int[size];
            for (int index = 0; index < size; index++) {
                order[index] = index;
            }
            for (int index = size - 1; index > 0; index--) {
                int other = random.nextInt(index + 1);
                int swap = order[index];
                order[index] = order[other];
                order[other] = swap;
            }
            return order;
        }
    }
}
