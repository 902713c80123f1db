package org.ranksweep.core.plan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;
import org.ranksweep.core.customize.ConceptClasses;
import org.ranksweep.core.customize.CustomizationPoint;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.method.CompressionMethod;
import org.ranksweep.core.method.Methods;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.rankspace.ConstrainedRankSampler;
import org.ranksweep.core.rankspace.RankSpace;
import org.ranksweep.core.spec.ControlSpec;
import org.ranksweep.core.spec.CustomizationMethodSpec;
import org.ranksweep.core.spec.CustomizationSpec;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.MethodSpec;
import org.ranksweep.core.spec.RankSearchSpec;
import org.ranksweep.core.spec.RankSpaceSpec;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.spec.SamplerSpec;
import org.ranksweep.core.spec.SpecNames;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.spec.WarmStartSpec;
import org.ranksweep.core.trial.TrialConfig;

/**
 * Expands a validated sweep spec into its trials, deterministically: the same spec gives the same trials in the same
 * order on every machine.
 *
 * <p>A <em>configuration</em> is one point of a method's search space — one budget, or the single explicit-ranks
 * point, or one rank vector drawn from per-layer candidates ({@link #rankVectors}), or dense's only point — at one
 * fine-tuning learning rate ({@link SweepSpec#finetuneLrs()}). The sweep
 * sampler grid runs every configuration; random draws {@code sampler.n} distinct configurations with
 * {@link SplitMix64} seeded by {@code sampler.seed} (a partial Fisher–Yates shuffle, so a larger {@code n} with the
 * same seed keeps every configuration a smaller one drew) and lists them in grid order. Either way each
 * configuration runs once per seed. Order: methods as listed, then budgets as listed, then learning rates as listed,
 * then seeds as listed. When the spec lists more than one learning rate, every trial's label ends in
 * {@link #lrSuffix(double)}, e.g. {@code comcat@lr=5e-4}, so results of different rates are told apart; with one
 * rate labels, configurations and content hashes are exactly those of a spec that gives {@code lr} as a number.
 *
 * <p>Controls ({@link ControlSpec}) are added after the selection, never drawn away by it: {@code dense-ft} points
 * (the base fine-tuned with the sweep's recipe), one per learning rate that a selected compressed configuration
 * uses, in spec order, right after the dense entries when any compressed trial fine-tunes; and after every
 * {@code comcat-auto} point its compute-matched twin at the same learning rate, a uniform {@code comcat} at the
 * same budget labelled {@code <label>-uniform}, fine-tuned for the sweep's epochs plus the search's weight epochs, so
 * both see the same number of training epochs. Thread-safe (stateless).
 */
public final class TrialPlanner {

    /** The label suffix of a comcat-auto entry's compute-matched uniform twin. */
    public static final String TWIN_SUFFIX = "-uniform";

    /** What a trial's label gets before its learning rate when the spec lists several. */
    public static final String LR_SUFFIX = "@lr=";

    private static final CompressionMethod DENSE_FT = Methods.DENSE_FT;

    /**
     * The trials of a sweep, indexed from 0 in plan order.
     *
     * @throws ValidationException at {@code sampler.n} when the random sampler asks for more configurations than exist
     */
    public List<PlannedTrial> plan(SweepSpec spec) {
        if (spec.customizes()) {
            return customizationTrials(spec);
        }
        List<Configuration> configurations =
                withControls(select(configurations(spec, lrs(spec)), spec.sampler()), spec);
        List<PlannedTrial> trials = new ArrayList<>();
        for (Configuration configuration : configurations) {
            for (long seed : spec.seeds()) {
                TrialConfig config = configuration.toTrial(spec, seed);
                trials.add(new PlannedTrial(trials.size(), config, ContentHash.of(config)));
            }
        }
        return List.copyOf(trials);
    }

    /**
     * A customization sweep's trials: methods as listed, then ranks as listed, then concepts as listed, then seeds,
     * each labelled {@link #customizationLabel}. No controls and no sampler: every point runs.
     */
    private static List<PlannedTrial> customizationTrials(SweepSpec spec) {
        CustomizationSpec customization = spec.customization();
        List<PlannedTrial> trials = new ArrayList<>();
        for (CustomizationMethodSpec method : customization.methods()) {
            List<Integer> ranks = method.ranks().isEmpty() ? List.of(0) : method.ranks();
            for (int rank : ranks) {
                for (int concept : customization.concepts()) {
                    CustomizationPoint point = new CustomizationPoint(
                            customization.generator(),
                            concept,
                            rank,
                            customization.shots(),
                            customization.steps(),
                            customization.batch(),
                            method.lr(),
                            customization.sampling());
                    for (long seed : spec.seeds()) {
                        TrialConfig config = new TrialConfig(
                                method.name(),
                                customizationLabel(method.name(), rank, concept),
                                null,
                                null,
                                null,
                                false,
                                spec.model(),
                                spec.dataset(),
                                null,
                                seed,
                                spec.resources(),
                                null,
                                null,
                                point);
                        trials.add(new PlannedTrial(trials.size(), config, ContentHash.of(config)));
                    }
                }
            }
        }
        return List.copyOf(trials);
    }

    /** E.g. {@code comcat-adapter-r2.bag}, or {@code full.ankle-boot} for a method without a rank. */
    public static String customizationLabel(String method, int rank, int concept) {
        return method + (rank > 0 ? "-r" + rank : "") + "." + ConceptClasses.word(concept);
    }

    /** Trials per method label (in plan order) and the total. */
    public PlanSummary summarize(List<PlannedTrial> trials) {
        Map<String, PlanSummary.LabelCount> counts = new LinkedHashMap<>();
        for (PlannedTrial trial : trials) {
            TrialConfig config = trial.config();
            counts.merge(
                    config.label(),
                    new PlanSummary.LabelCount(config.label(), config.method(), 1),
                    (sum, one) -> new PlanSummary.LabelCount(sum.label(), sum.method(), sum.trials() + 1));
        }
        return new PlanSummary(new ArrayList<>(counts.values()), trials.size());
    }

    /**
     * The label suffix of a trial at learning rate {@code lr} when its spec lists several: {@code @lr=} and the rate
     * in short scientific notation, {@code 5e-4}, {@code 2.5e-3}, {@code 1e0}. Distinct rates give distinct suffixes,
     * and {@code @} never occurs in a spec's own labels, so suffixed labels stay unique within a sweep.
     */
    public static String lrSuffix(double lr) {
        BigDecimal exact = BigDecimal.valueOf(lr).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return LR_SUFFIX + (exact.signum() < 0 ? "-" : "") + mantissa + "e" + exponent;
    }

    /** The learning rates to plan each point at; one null (the recipe as it is) for a spec without a recipe. */
    private static List<Double> lrs(SweepSpec spec) {
        return spec.finetuneLrs().isEmpty() ? Collections.singletonList(null) : spec.finetuneLrs();
    }

    /**
     * Every configuration of the spec in grid order (before seeds): methods, then budgets (or drawn rank vectors),
     * then learning rates.
     */
    static List<Configuration> configurations(SweepSpec spec, List<Double> lrs) {
        List<Configuration> configurations = new ArrayList<>();
        List<MethodSpec> methods = spec.methods();
        for (int index = 0; index < methods.size(); index++) {
            MethodSpec method = methods.get(index);
            if (method.rankSpace() != null) {
                configurations.addAll(rankSpacePoints(spec, index, lrs));
                continue;
            }
            List<Double> budgets = method.budget().isEmpty() ? Collections.singletonList(null) : method.budget();
            for (Double budget : budgets) {
                for (Double lr : lrs) {
                    configurations.add(new Configuration(method, budget, budget == null ? method.ranks() : null, lr));
                }
            }
        }
        return configurations;
    }

    /**
     * The points of a comcat entry's per-layer rank space: its {@code samples} distinct vectors within the budget
     * ({@link ConstrainedRankSampler#distinct}, seeded with the space's seed), in draw order, each an explicit-ranks
     * comcat point labelled {@link RankSpaceSpec#pointLabel} ({@code comcat-space#0}, {@code #1}, ...), then with a
     * warm start the point whose vector the worker chooses ({@code comcat-space#spectrum}: no budget and no ranks, the
     * candidates and budget in its {@link TrialConfig#warmStart()}), each once per learning rate.
     */
    private static List<Configuration> rankSpacePoints(SweepSpec spec, int index, List<Double> lrs) {
        MethodSpec method = spec.methods().get(index);
        List<RankSpec> vectors = rankVectors(spec, index);
        List<Configuration> points = new ArrayList<>();
        for (int k = 0; k < vectors.size(); k++) {
            MethodSpec point = new MethodSpec(
                    method.name(), RankSpaceSpec.pointLabel(method.label(), k), List.of(), null, null, false);
            for (Double lr : lrs) {
                points.add(new Configuration(point, null, vectors.get(k), lr));
            }
        }
        RankSpaceSpec space = method.rankSpace();
        if (space.warmStart() != null) {
            MethodSpec point = new MethodSpec(
                    method.name(),
                    RankSpaceSpec.warmStartLabel(method.label(), space.warmStart()),
                    List.of(),
                    null,
                    null,
                    false);
            for (Double lr : lrs) {
                points.add(new Configuration(point, null, null, lr, 0, space.warmStartSpec()));
            }
        }
        return points;
    }

    /**
     * The rank vectors the planner makes points of for the {@code index}-th method entry, which has per-layer rank
     * candidates: {@code samples} distinct vectors, each within the parameters of uniform comcat at the entry's budget.
     *
     * @throws ValidationException naming the entry's {@code samples} when the space holds fewer such vectors (the
     *     parser refuses such a spec) or naming {@code model.arch} when the architecture is unknown
     */
    public static List<RankSpec> rankVectors(SweepSpec spec, int index) {
        RankSpaceSpec space = spec.methods().get(index).rankSpace();
        VitShape shape = ModelCatalog.find(spec.model().arch())
                .orElseThrow(() -> problem(
                        "model.arch", "unknown architecture '" + spec.model().arch() + "'"));
        ConstrainedRankSampler sampler =
                ConstrainedRankSampler.forBudget(new RankSpace(shape, space.qk(), space.vo()), space.budget());
        List<RankSpec> vectors = sampler.distinct(space.seed(), space.samples());
        if (vectors.size() < space.samples()) {
            throw problem(
                    "methods[" + index + "].samples",
                    space.samples() + " exceeds the " + vectors.size()
                            + " distinct rank vectors found within the budget");
        }
        return vectors;
    }

    /**
     * The selected configurations with the spec's control points inserted (see the class comment). A control whose
     * label a spec entry already uses is left out: the spec's own entry wins.
     */
    static List<Configuration> withControls(List<Configuration> selected, SweepSpec spec) {
        Set<String> specLabels = new HashSet<>();
        spec.methods().forEach(method -> specLabels.add(method.label()));
        boolean denseFt = needsDenseFt(selected, spec) && !specLabels.contains(DENSE_FT.name());
        List<Configuration> denseFts = denseFt ? denseFts(selected, spec) : List.of();
        List<Configuration> all = new ArrayList<>();
        if (selected.stream().noneMatch(Configuration::isDense)) {
            all.addAll(denseFts);
        }
        for (int index = 0; index < selected.size(); index++) {
            Configuration configuration = selected.get(index);
            all.add(configuration);
            boolean lastDense = configuration.isDense()
                    && (index + 1 == selected.size() || !selected.get(index + 1).isDense());
            if (lastDense) {
                all.addAll(denseFts);
            }
            String twinLabel = configuration.method().label() + TWIN_SUFFIX;
            if (spec.controls().computeMatched()
                    && configuration.method().rankSearch() != null
                    && !specLabels.contains(twinLabel)) {
                all.add(Configuration.uniformTwin(configuration, twinLabel));
            }
        }
        return all;
    }

    /** A dense-ft control is due when it is on, not named by the spec, and some compressed trial fine-tunes. */
    private static boolean needsDenseFt(List<Configuration> selected, SweepSpec spec) {
        boolean finetunes = spec.finetune() != null && spec.finetune().epochs() > 0;
        boolean named =
                spec.methods().stream().anyMatch(method -> DENSE_FT.name().equals(method.name()));
        boolean compresses = selected.stream().anyMatch(Configuration::compresses);
        return spec.controls().denseFt() && finetunes && compresses && !named;
    }

    /**
     * One dense-ft point per learning rate that some selected compressed configuration fine-tunes with, in the
     * spec's order of rates, so that every compressed trial has the control of its own rate.
     */
    private static List<Configuration> denseFts(List<Configuration> selected, SweepSpec spec) {
        return lrs(spec).stream()
                .filter(lr -> selected.stream()
                        .anyMatch(
                                configuration -> configuration.compresses() && Objects.equals(configuration.lr(), lr)))
                .map(Configuration::denseFt)
                .toList();
    }

    private static List<Configuration> select(List<Configuration> grid, SamplerSpec sampler) {
        if (SpecNames.GRID.equals(sampler.algorithm())) {
            return grid;
        }
        if (!SpecNames.RANDOM.equals(sampler.algorithm())) {
            throw problem("sampler.algorithm", "unknown sampler algorithm '" + sampler.algorithm() + "'");
        }
        int n = sampler.n() == null ? 0 : sampler.n();
        if (n < 1 || n > grid.size()) {
            throw problem(
                    "sampler.n",
                    "must be between 1 and the " + grid.size() + " distinct configurations of the search space, was "
                            + sampler.n());
        }
        int[] drawn = draw(grid.size(), n, sampler.seed() == null ? 0L : sampler.seed());
        return Arrays.stream(drawn).sorted().mapToObj(grid::get).toList();
    }

    /** {@code n} distinct indexes out of [0, size): the first {@code n} places of a Fisher–Yates shuffle. */
    static int[] draw(int size, int n, long seed) {
        SplitMix64 random = new SplitMix64(seed);
        int[] indexes = IntStream.range(0, size).toArray();
        for (int place = 0; place < n; place++) {
            int pick = place + random.nextInt(size - place);
            int swapped = indexes[place];
            indexes[place] = indexes[pick];
            indexes[pick] = swapped;
        }
        return Arrays.copyOf(indexes, n);
    }

    private static ValidationException problem(String path, String message) {
        return ValidationException.of(path, message);
    }

    /**
     * One point of a method's search space: a budget, or explicit ranks, or neither (dense), at the fine-tuning
     * learning rate {@code lr} (null: the recipe's own, for a spec without one); {@code extraEpochs} lengthens the
     * fine-tuning (a compute-matched twin's share of its rank search's training); {@code warmStart} is set on the point
     * whose ranks the worker chooses (budget and ranks null).
     */
    record Configuration(
            MethodSpec method, Double budget, RankSpec ranks, Double lr, int extraEpochs, WarmStartSpec warmStart) {

        Configuration(MethodSpec method, Double budget, RankSpec ranks, Double lr) {
            this(method, budget, ranks, lr, 0);
        }

        Configuration(MethodSpec method, Double budget, RankSpec ranks, Double lr, int extraEpochs) {
            this(method, budget, ranks, lr, extraEpochs, null);
        }

        static Configuration denseFt(Double lr) {
            String name = DENSE_FT.name();
            return new Configuration(new MethodSpec(name, name, List.of(), null, null, false), null, null, lr);
        }

        /** Uniform comcat at a comcat-auto point's budget, fine-tuned for the search's weight epochs too. */
        static Configuration uniformTwin(Configuration auto, String label) {
            RankSearchSpec search = auto.method().rankSearch();
            MethodSpec comcat = new MethodSpec(
                    Methods.COMCAT.name(), label, List.of(auto.budget()), null, null, search.searchMlp());
            return new Configuration(comcat, auto.budget(), null, auto.lr(), search.searchEpochs());
        }

        boolean isDense() {
            return Methods.DENSE.name().equals(method.name());
        }

        /** Whether this point compresses the model (a method with a search space, not dense or dense-ft). */
        boolean compresses() {
            return Methods.find(method.name())
                    .map(known -> known.options().compresses())
                    .orElse(false);
        }

        /**
         * The trial of this point for one seed: the sweep's recipe at this point's learning rate (one rate, as the
         * worker reads it), labelled with the rate when the spec lists several.
         */
        TrialConfig toTrial(SweepSpec spec, long seed) {
            FinetuneSpec finetune = spec.finetune();
            if (finetune != null && lr != null) {
                finetune = finetune.withLr(lr);
            }
            if (finetune != null && extraEpochs > 0) {
                finetune = finetune.withEpochs(finetune.epochs() + extraEpochs);
            }
            String label = spec.searchesLr() && lr != null ? method.label() + lrSuffix(lr) : method.label();
            return new TrialConfig(
                    method.name(),
                    label,
                    budget,
                    ranks,
                    method.importance(),
                    method.factorizeMlp(),
                    spec.model(),
                    spec.dataset(),
                    finetune,
                    seed,
                    spec.resources(),
                    method.rankSearch(),
                    warmStart);
        }
    }
}
