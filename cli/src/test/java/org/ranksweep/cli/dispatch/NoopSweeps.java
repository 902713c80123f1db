package org.ranksweep.cli.dispatch;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Sweep specs that expand to many distinct trials for the noop executor: a grid of COMCAT budgets times seeds (the
 * planner's ordinary grid search; budget and seed make every trial's content hash distinct).
 */
final class NoopSweeps {

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
        if (budgets < 1 || budgets > 999 || seeds < 1) {
            throw new IllegalArgumentException(
                    "need 1..999 budgets and at least one seed, was " + budgets + " budgets and " + seeds + " seeds");
        }
        String budgetList = IntStream.rangeClosed(1, budgets)
                .mapToObj(i -> String.format(Locale.ROOT, "%.3f", i / 1000.0))
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
                finetune: {epochs: 1}
                sampler: {algorithm: grid}
                resources: {device: cpu}
                seeds: [%s]
                maxAttempts: 3
                """.formatted(name, budgetList, seedList);
    }

    /** A grid of at least {@code trials} trials: up to 200 budgets, as many seeds (from {@code firstSeed}) as needed. */
    static String atLeast(String name, int trials, long firstSeed) {
        int budgets = Math.min(200, trials);
        int seeds = (trials + budgets - 1) / budgets;
        return grid(name, budgets, seeds, firstSeed);
    }
}
