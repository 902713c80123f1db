package org.ranksweep.core.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;
import org.ranksweep.core.spec.MethodSpec;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.spec.SearchSpec;
import org.ranksweep.core.spec.SpecNames;
import org.ranksweep.core.spec.SweepSpec;
import org.ranksweep.core.trial.TrialConfig;

/**
 * Expands a validated sweep spec into its trials, deterministically: the same spec gives the same trials in the same
 * order on every machine.
 *
 * <p>A <em>configuration</em> is one point of a method's search space: one budget, or the single explicit-ranks
 * point, or dense's only point. Grid search runs every configuration; random search draws {@code search.n}
 * distinct configurations with {@link SplitMix64} seeded by {@code search.seed} (a partial Fisher–Yates shuffle,
 * so a larger {@code n} with the same seed keeps every configuration a smaller one drew) and lists them in grid
 * order. Either way each configuration runs once per seed. Order: methods as listed, then budgets as listed, then
 * seeds as listed. Thread-safe (stateless).
 */
public final class TrialPlanner {

    /**
     * The trials of a sweep, indexed from 0 in plan order.
     *
     * @throws ValidationException at {@code search.n} when random search asks for more configurations than exist
     */
    public List<PlannedTrial> plan(SweepSpec spec) {
        List<Configuration> configurations = select(configurations(spec.methods()), spec.search());
        List<PlannedTrial> trials = new ArrayList<>();
        for (Configuration configuration : configurations) {
            for (long seed : spec.seeds()) {
                TrialConfig config = configuration.toTrial(spec, seed);
                trials.add(new PlannedTrial(trials.size(), config, ContentHash.of(config)));
            }
        }
        return List.copyOf(trials);
    }

    /** Trials per method label (in plan order) and the total. */
    public PlanSummary summarize(List<PlannedTrial> trials) {
        Map<String, PlanSummary.LabelCount> counts = new LinkedHashMap<>();
        for (PlannedTrial trial : trials) {
            TrialConfig config = trial.config();
            counts.merge(config.label(), new PlanSummary.LabelCount(config.label(), config.method(), 1),
                    (sum, one) -> new PlanSummary.LabelCount(sum.label(), sum.method(), sum.trials() + 1));
        }
        return new PlanSummary(new ArrayList<>(counts.values()), trials.size());
    }

    /** Every configuration of the spec in grid order (before seeds). */
    static List<Configuration> configurations(List<MethodSpec> methods) {
        List<Configuration> configurations = new ArrayList<>();
        for (MethodSpec method : methods) {
            if (method.budget().isEmpty()) {
                configurations.add(new Configuration(method, null, method.ranks()));
            } else {
                method.budget().forEach(budget -> configurations.add(new Configuration(method, budget, null)));
            }
        }
        return configurations;
    }

    private static List<Configuration> select(List<Configuration> grid, SearchSpec search) {
        if (SpecNames.GRID.equals(search.algorithm())) {
            return grid;
        }
        if (!SpecNames.RANDOM.equals(search.algorithm())) {
            throw problem("search.algorithm", "unknown search algorithm '" + search.algorithm() + "'");
        }
        int n = search.n() == null ? 0 : search.n();
        if (n < 1 || n > grid.size()) {
            throw problem("search.n", "must be between 1 and the " + grid.size()
                    + " distinct configurations of the search space, was " + search.n());
        }
        int[] drawn = draw(grid.size(), n, search.seed() == null ? 0L : search.seed());
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
        return new ValidationException(List.of(new Problem(path, message)));
    }

    /** One point of a method's search space: a budget, or explicit ranks, or neither (dense). */
    record Configuration(MethodSpec method, Double budget, RankSpec ranks) {

        TrialConfig toTrial(SweepSpec spec, long seed) {
            return new TrialConfig(method.name(), method.label(), budget, ranks, method.importance(),
                    method.factorizeMlp(), spec.model(), spec.dataset(), spec.finetune(), seed, spec.resources(),
                    method.rankSearch());
        }
    }
}
