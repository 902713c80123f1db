package org.ranksweep.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.ranksweep.core.method.Methods;
import org.ranksweep.core.trial.TrialState;
import org.ranksweep.db.baseline.Baseline;
import org.ranksweep.orchestrator.report.Interval;
import org.ranksweep.orchestrator.report.TrialView;

/**
 * Puts our trials next to the published rows of the same model. A published row of a method RankSweep runs
 * ({@code dense}; {@code comcat}, reproduced by our {@code comcat} and {@code comcat-auto}) is paired with one
 * completed trial of that method (an entry labelled with its method name before relabelled variants, then the best
 * top-1): "reproduced" when the top-1 difference is within the tolerance, "not reproduced"
 * otherwise. When that trial's point (label and budget) ran with several seeds, our top-1 is their mean with a 95 %
 * interval, and "reproduced" means the published top-1 lies within the interval widened by the tolerance; "not run yet" when no such trial has completed. Published rows of methods we do not run (other pruning
 * papers) are "published only". Our trials that no published row claims follow with their own status. Stateless.
 */
final class PaperTable {

    static final String REPRODUCED = "reproduced";
    static final String NOT_REPRODUCED = "not reproduced";
    static final String NOT_RUN_YET = "not run yet";
    static final String PUBLISHED_ONLY = "published only";
    static final String MEASURED = "measured (no published row)";

    private PaperTable() {}

    /** A method planned in a spec that has not been submitted yet. */
    record Planned(String method, String label) {}

    /** Our method's published counterpart, or null when no published row can be reproduced by it. */
    static String publishedMethod(String method) {
        if (method.equals(Methods.DENSE.name())) {
            return Methods.DENSE.name();
        }
        boolean comcat = method.equals(Methods.COMCAT.name()) || method.equals(Methods.COMCAT_AUTO.name());
        return comcat ? Methods.COMCAT.name() : null;
    }

    static List<TableRow> rows(
            List<TrialView> trials, List<Planned> planned, List<Baseline> baselines, double tolerancePoints) {
        List<TableRow> rows = new ArrayList<>();
        Set<Long> paired = new HashSet<>();
        Set<String> plannedPaired = new HashSet<>();
        for (Baseline published : baselines) {
            String method = published.method();
            TrialView best = null;
            for (TrialView trial : trials) {
                if (method.equals(publishedMethod(trial.method()))
                        && completed(trial)
                        && (best == null || preferred(trial, best))) {
                    best = trial;
                }
            }
            if (best == null) {
                String status = method.equals(publishedMethod(method)) ? NOT_RUN_YET : PUBLISHED_ONLY;
                Planned plan = planned.stream()
                        .filter(p -> method.equals(publishedMethod(p.method())))
                        .filter(p -> !plannedPaired.contains(p.label()))
                        .min((a, b) -> Boolean.compare(
                                !a.label().equals(a.method()), !b.label().equals(b.method())))
                        .orElse(null);
                if (plan != null) {
                    plannedPaired.add(plan.label());
                }
                rows.add(published(
                        published,
                        plan == null ? method : plan.method(),
                        plan == null ? "published" : plan.label(),
                        null,
                        status));
                continue;
            }
            List<TrialView> seeds = sameSeedGroup(trials, best);
            seeds.forEach(trial -> paired.add(trial.id().value()));
            Interval top1 = Interval.of(seeds.stream().map(TrialView::top1).toList());
            double allowed = tolerancePoints / 100 + (top1.halfWidth() == null ? 0 : top1.halfWidth());
            boolean within = published.top1() != null && Math.abs(top1.mean() - published.top1()) <= allowed + 1e-11;
            TableRow row = withTrial(
                    published(
                            published,
                            best.method(),
                            best.label(),
                            best.budget(),
                            within ? REPRODUCED : NOT_REPRODUCED),
                    best);
            rows.add(seeds.size() < 2 ? row : withSeeds(row, top1));
        }
        for (TrialView trial : trials) {
            if (!paired.contains(trial.id().value())) {
                rows.add(withTrial(
                        TableRow.unpublished(trial.method(), trial.label(), trial.budget(), ownStatus(trial)), trial));
            }
        }
        for (Planned plan : planned) {
            if (!plannedPaired.contains(plan.label())) {
                rows.add(TableRow.unpublished(plan.method(), plan.label(), null, NOT_RUN_YET));
            }
        }
        return rows;
    }

    /** The completed trials of {@code best}'s point: same label and budget, one per seed. */
    private static List<TrialView> sameSeedGroup(List<TrialView> trials, TrialView best) {
        return trials.stream()
                .filter(PaperTable::completed)
                .filter(trial -> trial.label().equals(best.label()))
                .filter(trial -> Objects.equals(trial.budget(), best.budget()))
                .toList();
    }

    private static TableRow withSeeds(TableRow row, Interval top1) {
        return new TableRow(
                row.method(),
                row.label(),
                row.budget(),
                row.publishedTop1(),
                row.publishedParams(),
                row.publishedMacs(),
                row.trialId(),
                top1.mean(),
                row.params(),
                row.macs(),
                row.status(),
                row.citation(),
                row.sourceCheckpoint(),
                row.teacher(),
                row.epochs(),
                row.flopConvention(),
                top1.halfWidth(),
                top1.n());
    }

    private static TableRow published(Baseline row, String method, String label, Double budget, String status) {
        return new TableRow(
                method,
                label,
                budget,
                row.top1(),
                row.params(),
                row.macs(),
                null,
                null,
                null,
                null,
                status,
                row.citation(),
                row.sourceCheckpoint(),
                row.teacher(),
                row.epochs(),
                row.flopConvention());
    }

    private static TableRow withTrial(TableRow row, TrialView trial) {
        boolean done = completed(trial);
        return new TableRow(
                row.method(),
                row.label(),
                row.budget(),
                row.publishedTop1(),
                row.publishedParams(),
                row.publishedMacs(),
                trial.id().value(),
                done ? trial.top1() : null,
                done ? trial.params() : null,
                done ? trial.macs() : null,
                row.status(),
                row.citation(),
                row.sourceCheckpoint(),
                row.teacher(),
                row.epochs(),
                row.flopConvention());
    }

    /**
     * Whether {@code trial} reproduces a published row better than {@code other}: an entry whose label is its
     * method name (the spec's unlabelled entry) before relabelled variants, then the higher top-1.
     */
    private static boolean preferred(TrialView trial, TrialView other) {
        boolean plain = trial.label().equals(trial.method());
        boolean otherPlain = other.label().equals(other.method());
        if (plain != otherPlain) {
            return plain;
        }
        return trial.top1() > other.top1();
    }

    private static boolean completed(TrialView trial) {
        return trial.state() == TrialState.COMPLETED && trial.hasResult();
    }

    private static String ownStatus(TrialView trial) {
        return switch (trial.state()) {
            case COMPLETED -> MEASURED;
            case FAILED, CANCELLED, PRUNED -> trial.state().name().toLowerCase(Locale.ROOT);
            default -> NOT_RUN_YET;
        };
    }
}
