package org.ranksweep.cli.dispatch;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Sweep specs that expand to many distinct trials for the noop executor: a grid of COMCAT budgets times seeds (the
 * planner's ordinary grid search; budget and seed make every trial's content hash distinct), run to the end or
 * under successive halving.
 */
final class NoopSweeps {

    /** The successive-halving settings of {@link #halving}: one ASHA bracket, rungs at 1, 3 and 9 epochs. */
    static final String ASHA = "scheduler: {algorithm: asha, min: 1, max: 9, eta: 3}";

    private static final long BUDGET_ORDER_SEED = 15;

    private NoopSweeps() {}

    /** A spec of {@code budgets × seeds} trials named {@code name}; budgets are 0.001, 0.002, …, seeds 0, 1, … */
    static String grid(String name, int budgets, int seeds) {
        return grid(name, budgets, seeds, 0);
    }

    /**
     * As {@link #grid(String, int, int)} with seeds from {@code firstSeed}: sweeps with disjoint seeds share no trial,
     * so none completes by reusing another's result.
     */
    static String grid(String name, int budgets, int seeds, long firstSeed) {
        return grid(
                name, IntStream.rangeClosed(1, budgets).boxed().toList(), seeds, firstSeed, "finetune: {epochs: 1}");
    }

    /**
     * As {@link #grid(String, int, int, long)} under ASHA ({@link #ASHA}, rungs at 1, 3 and 9 fine-tuning epochs):
     * every trial's {@code finetune.epochs} is the top rung's 9, and the no-op executor reports each rung from its
     * synthetic learning curve. The budgets are listed in a fixed shuffled order: the planner starts trials budget by
     * budget, and the curve rises with the budget, so in ascending order nearly every new trial would be the best of
     * its rung so far and be promoted, which is not how a sampler's configurations arrive.
     */
    static String halving(String name, int budgets, int seeds, long firstSeed) {
        List<Integer> order = IntStream.rangeClosed(1, budgets).boxed().collect(Collectors.toList());
        Collections.shuffle(order, new Random(BUDGET_ORDER_SEED));
        return grid(name, order, seeds, firstSeed, "finetune: {epochs: 9}\n" + ASHA);
    }

    /** Budgets are {@code thousandths / 1000}, in the order given. */
    private static String grid(String name, List<Integer> thousandths, int seeds, long firstSeed, String training) {
        int budgets = thousandths.size();
        if (budgets < 1 || budgets > 999 || seeds < 1) {
            throw new IllegalArgumentException(
                    "need 1..999 budgets and at least one seed, was " + budgets + " budgets and " + seeds + " seeds");
        }
        String budgetList = thousandths.stream()
                .map(i -> String.format(Locale.ROOT, "%.3f", i / 1000.0))
                .collect(Collectors.joining(", "));
        String seedList = IntStream.range(0, seeds)
                .mapToObj(seed -> String.valueOf(firstSeed + seed))
                .collect(Collectors.joining(", "));
        return """
                name: %s
                controls: {denseFt: false}   # the control trial is not what this test is about
                dataset: {name: synthetic, heldOut: 16}
                model: {arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 16}}}
                methods:
                  - {name: comcat, budget: [%s]}
                %s
                sampler: {algorithm: grid}
                resources: {device: cpu}
                seeds: [%s]
                maxAttempts: 3
                """.formatted(name, budgetList, training, seedList);
    }

    /** A grid of at least {@code trials} trials: up to 200 budgets, as many seeds (from {@code firstSeed}) as needed. */
    static String atLeast(String name, int trials, long firstSeed) {
        int budgets = Math.min(200, trials);
        return grid(name, budgets, seedsFor(trials, budgets), firstSeed);
    }

    /** As {@link #atLeast}, under successive halving ({@link #halving}). */
    static String halvingAtLeast(String name, int trials, long firstSeed) {
        int budgets = Math.min(200, trials);
        return halving(name, budgets, seedsFor(trials, budgets), firstSeed);
    }

    private static int seedsFor(int trials, int budgets) {
        return (trials + budgets - 1) / budgets;
    }
}
