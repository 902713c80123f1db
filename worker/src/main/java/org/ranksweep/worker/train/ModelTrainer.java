package org.ranksweep.worker.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.ranksweep.core.spec.SpecNames;
import org.ranksweep.worker.data.Augmentation;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.DeitAugmentation;
import org.ranksweep.worker.data.ImageBatch;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.eval.Accuracy;
import org.ranksweep.worker.model.DropPath;
import org.ranksweep.worker.model.Scalars;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VisionTransformerBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a model with AdamW (weight decay on weight matrices only, see {@link DecayGroups}) and a per-update
 * schedule (optional linear warm-up, then cosine), optionally distilling from a {@link Teacher}:
 * loss = (1−w)·CE(student, y) + w·CE(student, argmax teacher) [+ λ·Σ MSE(student block, teacher block)], where y is
 * the one-hot label or, with {@code augment: deit}, the batch's soft mixup/cutmix target (label-smoothed) and the
 * teacher sees the same mixed images. With {@code augment: light} batches get {@link Augmentation}; with
 * {@code deit} they get {@link DeitAugmentation} and the student drops paths ({@link DropPath}, rate 0.1), both
 * seeded by the trial seed, epoch (and batch). Every array of a step lives in a per-step sub-manager. The loop
 * checks the cancellation flag before each batch and stops with a readable reason when the loss is not finite,
 * before the bad step touches the weights. With {@link Checkpoints} it saves the model after every epoch but the
 * last and resumes after the last saved one; a run may stop after an earlier epoch (a rung of successive halving),
 * keeping the schedule of all epochs, and a later run goes on from there with the optimizer's saved moments, so it
 * trains exactly as an uninterrupted run would. Not thread-safe: one instance trains one
 * model on the calling thread.
 */
public final class ModelTrainer {

    /**
     * PyTorch's DJL gradient collector allows one open collector per JVM: trainers on other threads wait here for
     * the few milliseconds of each step's forward/backward/update.
     */
    static final ReentrantLock GRADIENT_SECTION = new ReentrantLock();
    /**
     * Names which parameters weight decay applies to (see {@link DecayGroups}); part of the base model cache key, so
     * a base trained under another rule is not reused.
     */
    public static final String WEIGHT_DECAY_RULE = "matrices-only";

    private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);
    private static final int EVALUATION_BATCH = 256;

    private final TrainingSettings settings;
    private final TrainingListener listener;
    private final CancellationFlag cancellation;
    private final Checkpoints checkpoints;

    /** The JVM-wide lock around every gradient-collecting step; other training loops (rank search) take it too. */
    public static ReentrantLock gradientSection() {
        return GRADIENT_SECTION;
    }

    public ModelTrainer(TrainingSettings settings, TrainingListener listener, CancellationFlag cancellation) {
        this(settings, listener, cancellation, Checkpoints.none());
    }

    /** A trainer that saves a checkpoint after every epoch and resumes after the last one saved. */
    public ModelTrainer(
            TrainingSettings settings,
            TrainingListener listener,
            CancellationFlag cancellation,
            Checkpoints checkpoints) {
        this.settings = settings;
        this.listener = listener;
        this.cancellation = cancellation;
        this.checkpoints = checkpoints;
    }

    /**
     * Trains {@code student} (initialised, parameters in {@code manager}) on {@code data.train()}; {@code teacher}
     * may be null when the settings need none. Returns one summary per epoch.
     */
    public List<EpochSummary> train(
            VisionTransformerBlock student, NDManager manager, SplitDataset data, Teacher teacher) {
        return train(student, manager, data, teacher, settings.epochs());
    }

    /**
     * Trains like {@link #train(VisionTransformerBlock, NDManager, SplitDataset, Teacher)} but stops after epoch
     * {@code stopAfterEpoch} of the settings' epochs, on the schedule of all of them, with that epoch's checkpoint
     * saved (below the last epoch) so a later run goes on from it. Returns the summaries of every epoch up to where
     * the model now is, restored ones included; when the checkpoint restored is already at or past
     * {@code stopAfterEpoch}, no epoch is trained.
     */
    public List<EpochSummary> train(
            VisionTransformerBlock student, NDManager manager, SplitDataset data, Teacher teacher, int stopAfterEpoch) {
        if (settings.needsTeacher() && teacher == null) {
            throw new IllegalArgumentException("distillation or feature alignment needs a teacher");
        }
        if (stopAfterEpoch < 1 || stopAfterEpoch > settings.epochs()) {
            throw new IllegalArgumentException(
                    "cannot stop after epoch " + stopAfterEpoch + " of " + settings.epochs() + " epochs");
        }
        TorchRuntime.disableGradients();
        Batches batches = new Batches(data.train(), data.normalization(), settings.batch());
        Batches heldOut = new Batches(data.heldOut(), data.normalization(), EVALUATION_BATCH);
        CosineSchedule schedule = new CosineSchedule(
                settings.lr(),
                settings.minLr(),
                Math.max(1, settings.epochs() * batches.count()),
                settings.warmupEpochs() * batches.count());
        List<Pair<String, Parameter>> parameters = trainable(student);
        DecayGroups optimizer = new DecayGroups(schedule, settings.weightDecay());
        Optional<Checkpoints.Restored> restored = checkpoints.restore(student, manager);
        Optional<Checkpoints.Saved> resumed = restored.map(Checkpoints.Restored::saved);
        if (restored.isPresent()) {
            Checkpoints.Saved saved = restored.get().saved();
            optimizer
                    .restore(saved.updates(), restored.get().optimizerState(), parameters)
                    .ifPresent(why -> LOG.warn(
                            "resuming after epoch {} with fresh AdamW moments ({}): the run will differ from an"
                                    + " uninterrupted one",
                            saved.epoch(),
                            why));
        }
        int doneEpochs = resumed.map(Checkpoints.Saved::epoch).orElse(0);
        Step step =
                new Step(student, new ParameterStore(manager, false), optimizer, parameters, data.classes(), teacher);
        List<EpochSummary> summaries =
                new ArrayList<>(resumed.map(Checkpoints.Saved::summaries).orElse(List.of()));
        for (int epoch = doneEpochs + 1; epoch <= stopAfterEpoch; epoch++) {
            long started = System.nanoTime();
            EpochTotals totals = runEpoch(step, manager, batches, epoch, schedule);
            double heldOutTop1 = Accuracy.top1(student, heldOut, manager);
            EpochSummary summary = new EpochSummary(
                    epoch,
                    settings.epochs(),
                    totals.loss / batches.count(),
                    (double) totals.correct / data.train().size(),
                    heldOutTop1,
                    schedule.valueAt(epoch * batches.count()),
                    (System.nanoTime() - started) / 1e9);
            summaries.add(summary);
            if (epoch < settings.epochs()) {
                checkpoints.save(
                        student, optimizer.state(), new Checkpoints.Saved(epoch, epoch * batches.count(), summaries));
            }
            listener.onEpoch(summary);
        }
        return summaries;
    }

    private EpochTotals runEpoch(Step step, NDManager manager, Batches batches, int epoch, CosineSchedule schedule) {
        int[] order = Batches.epochOrder(batches.images().size(), settings.seed(), epoch);
        Augmentation augmentation = SpecNames.AUGMENT_LIGHT.equals(settings.augment())
                ? new Augmentation(settings.seed() * 7919 + epoch)
                : null;
        DeitAugmentation deit = deit()
                ? new DeitAugmentation(
                        settings.seed() * 7919 + epoch,
                        batches.normalization(),
                        batches.images().channels(),
                        step.classes)
                : null;
        EpochTotals totals = new EpochTotals();
        for (int index = 0; index < batches.count(); index++) {
            if (cancellation.isCancelled()) {
                throw new TrainingCancelledException(
                        "training cancelled at epoch " + epoch + ", batch " + (index + 1) + " of " + batches.count());
            }
            try (NDManager scope = manager.newSubManager()) {
                ImageBatch batch = deit != null
                        ? batches.loadDeit(scope, order, index, deit)
                        : batches.load(scope, order, index, augmentation);
                int batchNumber = index + 1;
                int update = (epoch - 1) * batches.count() + batchNumber;
                DropPath dropPath = deit()
                        ? new DropPath(
                                DropPath.DEIT_RATE,
                                (settings.seed() * 0x9E3779B97F4A7C15L + epoch) * 1_000_003L + index)
                        : null;
                NDArray teacherLabels = step.cachedLabels == null
                        ? null
                        : step.cachedLabels.forBatch(scope, order, index, settings.batch());
                step.run(
                        batch,
                        teacherLabels,
                        dropPath,
                        totals,
                        () -> "epoch " + epoch + ", batch " + batchNumber + " of " + batches.count() + " (lr "
                                + String.format("%.3g", schedule.valueAt(update)) + ")");
            }
            listener.onBatch(epoch, settings.epochs(), index + 1, batches.count());
        }
        return totals;
    }

    private boolean deit() {
        return SpecNames.AUGMENT_DEIT.equals(settings.augment());
    }

    /** The parameters training updates, by their path in the model. */
    private static List<Pair<String, Parameter>> trainable(VisionTransformerBlock model) {
        List<Pair<String, Parameter>> parameters = new ArrayList<>();
        for (Pair<String, Parameter> entry : model.getParameters()) {
            if (entry.getValue().requiresGradient()) {
                parameters.add(entry);
            }
        }
        return parameters;
    }

    private static final class EpochTotals {
        private double loss;
        private long correct;
    }

    /** One optimisation step's fixed parts. */
    private final class Step {
        private final VisionTransformerBlock student;
        private final ParameterStore parameterStore;
        private final DecayGroups optimizer;
        private final List<Pair<String, Parameter>> parameters;
        private final int classes;
        private final Teacher teacher;
        private final PairList<String, Object> featureRequest;
        /** The teacher's classes, used instead of its forward pass when they are all the loss needs from it. */
        private final TeacherLabels cachedLabels;

        private Step(
                VisionTransformerBlock student,
                ParameterStore parameterStore,
                DecayGroups optimizer,
                List<Pair<String, Parameter>> parameters,
                int classes,
                Teacher teacher) {
            this.student = student;
            this.parameterStore = parameterStore;
            this.optimizer = optimizer;
            this.parameters = parameters;
            this.classes = classes;
            this.teacher = settings.needsTeacher() ? teacher : null;
            this.featureRequest =
                    settings.featureWeight() > 0 && !settings.featureBlocks().isEmpty()
                            ? VisionTransformerBlock.featureRequest(settings.featureBlocks())
                            : null;
            this.cachedLabels = this.teacher != null && settings.teacherLabelsSuffice() ? this.teacher.labels() : null;
        }

        /** One step on {@code batch}; {@code teacherLabels} are the teacher's classes when they were cached. */
        private void run(
                ImageBatch batch,
                NDArray teacherLabels,
                DropPath dropPath,
                EpochTotals totals,
                Supplier<String> where) {
            NDList teacherOutputs = teacher == null || teacherLabels != null
                    ? null
                    : teacher.forward(batch.images(), featureRequest == null ? List.of() : settings.featureBlocks());
            GRADIENT_SECTION.lock();
            try {
                NDArray logits;
                float lossValue;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDList outputs = student.forward(
                            parameterStore, new NDList(batch.images()), true, forwardParameters(dropPath));
                    NDArray loss = loss(outputs, batch.targets(classes), teacherLabels, teacherOutputs);
                    lossValue = loss.getFloat();
                    if (!Float.isFinite(lossValue)) {
                        throw new TrainingDivergedException("loss is " + lossValue + " at " + where.get());
                    }
                    collector.backward(loss);
                    logits = outputs.head();
                }
                update();
                totals.loss += lossValue;
                totals.correct += Accuracy.correctCount(logits, batch.labels());
            } finally {
                GRADIENT_SECTION.unlock();
            }
        }

        /** The feature request and the step's drop-path, either may be absent. */
        private PairList<String, Object> forwardParameters(DropPath dropPath) {
            if (dropPath == null) {
                return featureRequest;
            }
            PairList<String, Object> params = dropPath.request();
            if (featureRequest != null) {
                params.addAll(featureRequest);
            }
            return params;
        }

        /**
         * Cross-entropy against {@code targets} (batch, classes: one-hot or soft), distillation (against the cached
         * {@code teacherLabels}, else the argmax of the teacher's logits), alignment.
         */
        private NDArray loss(NDList outputs, NDArray targets, NDArray cachedTeacherLabels, NDList teacherOutputs) {
            NDArray logProbabilities = outputs.head().logSoftmax(-1);
            NDArray target = targets;
            if (settings.distillWeight() > 0) {
                NDArray teacherLabels = cachedTeacherLabels != null
                        ? cachedTeacherLabels
                        : teacherOutputs.head().argMax(-1);
                target = Scalars.times(target, 1 - settings.distillWeight())
                        .add(Scalars.times(teacherLabels.oneHot(classes), settings.distillWeight()));
            }
            NDArray loss =
                    target.mul(logProbabilities).sum(new int[] {-1}).mean().neg();
            for (int feature = 1; feature < outputs.size(); feature++) {
                NDArray difference = outputs.get(feature).sub(teacherOutputs.get(feature));
                loss = loss.add(Scalars.times(difference.square().mean(), settings.featureWeight()));
            }
            return loss;
        }

        private void update() {
            optimizer.nextUpdate();
            for (Pair<String, Parameter> parameter : parameters) {
                try (NDArray gradient = parameter.getValue().getArray().getGradient()) {
                    optimizer.update(parameter.getKey(), parameter.getValue(), gradient);
                }
            }
        }
    }
}
