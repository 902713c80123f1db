package org.ranksweep.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.plan.PlanSummary;
import org.ranksweep.core.plan.PlannedTrial;
import org.ranksweep.core.plan.TrialPlanner;
import org.ranksweep.core.rankspace.ConstrainedRankSampler;
import org.ranksweep.core.rankspace.RankSpace;
import org.ranksweep.core.spec.MethodSpec;
import org.ranksweep.core.spec.RankSpaceSpec;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.spec.SchedulerSpec;
import org.ranksweep.core.spec.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ranksweep validate SPEC}: checks a spec and prints its trial plan without running anything. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check a sweep spec and print its trial plan (trials per method, total).",
            "Every problem is printed with its path, e.g. methods[1].budget[0]; exit code 2 when invalid."
        })
final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SPEC", description = "the sweep spec (YAML or JSON)")
    Path specFile;

    @Override
    public Integer call() {
        SweepSpec spec = SpecFiles.read(specFile);
        TrialPlanner planner = new TrialPlanner();
        List<PlannedTrial> plan = planner.plan(spec);
        PlanSummary summary = planner.summarize(plan);
        if (spec.customizes()) {
            System.out.printf(
                    "%s: valid. Customization sweep '%s' on %s, judge %s, generator trained on labels below %d%n",
                    specFile,
                    spec.name(),
                    spec.dataset().name(),
                    spec.model().arch(),
                    spec.customization().generator().seenClasses());
        } else {
            System.out.printf(
                    "%s: valid. Sweep '%s' on %s, model %s, sampler %s%n",
                    specFile,
                    spec.name(),
                    spec.dataset().name(),
                    spec.model().arch(),
                    spec.sampler().algorithm());
        }
        System.out.println("Trial plan:");
        int width = Math.max(
                24,
                summary.trialsPerLabel().keySet().stream()
                        .mapToInt(String::length)
                        .max()
                        .orElse(0));
        String line = "  %-" + width + "s %4d trials%n";
        for (Map.Entry<String, Integer> entry : summary.trialsPerLabel().entrySet()) {
            System.out.printf(line, entry.getKey(), entry.getValue());
        }
        System.out.printf(line, "total", summary.total());
        for (int index = 0; index < spec.methods().size(); index++) {
            if (spec.methods().get(index).rankSpace() != null) {
                printRankVectors(spec, index);
            }
        }
        if (spec.scheduler() != null) {
            SchedulerSpec scheduler = spec.scheduler();
            System.out.printf(
                    "Successive halving: %s over %s, rungs at %s epochs (eta %d); ranked by %s%s%n",
                    scheduler.algorithm(),
                    scheduler.resource(),
                    scheduler.ladder().resources(),
                    scheduler.eta(),
                    spec.objectives().stream()
                            .map(o -> o.metric() + " " + o.goal().name().toLowerCase(Locale.ROOT))
                            .toList(),
                    spec.constraints().isEmpty() ? "" : ", subject to " + spec.constraints());
        }
        return ExitCodes.OK;
    }

    /**
     * The vectors drawn from an entry's per-layer rank candidates, each with its parameters, and the cap; and the warm
     * start's point, whose vector only the worker knows.
     */
    private static void printRankVectors(SweepSpec spec, int index) {
        MethodSpec method = spec.methods().get(index);
        RankSpaceSpec space = method.rankSpace();
        RankSpace ranks = new RankSpace(ModelCatalog.find(spec.model().arch()).orElseThrow(), space.qk(), space.vo());
        System.out.printf(
                "Rank vectors of %s (seed %d), each within %d params (uniform comcat at budget %s):%n",
                method.label(),
                space.seed(),
                ConstrainedRankSampler.budgetParams(ranks, space.budget()),
                space.budget());
        List<RankSpec> vectors = TrialPlanner.rankVectors(spec, index);
        for (int k = 0; k < vectors.size(); k++) {
            RankSpec vector = vectors.get(k);
            System.out.printf(
                    "  %-24s qk %s vo %s  %d params%n",
                    RankSpaceSpec.pointLabel(method.label(), k), vector.qk(), vector.vo(), ranks.params(vector));
        }
        if (space.warmStart() != null) {
            System.out.printf(
                    "  %-24s chosen on the worker from the trained base model's %s (ranks proportional to each"
                            + " layer's energy), within the same cap%n",
                    RankSpaceSpec.warmStartLabel(method.label(), space.warmStart()), space.warmStart());
        }
    }
}
