package org.ranksweep.orchestrator.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.ranksweep.core.customize.CustomizationMethods;
import org.ranksweep.core.customize.CustomizationResult;

/**
 * Summarises a customization sweep's leaderboard entries per method and rank, and compares each with Custom
 * Diffusion and full fine-tuning: speed-ups are ratios of mean seconds per step, storage reductions ratios of bytes
 * per concept (a ratio above 1 means this method is faster, or smaller). Stateless.
 */
public final class CustomizationSummaries {

    private CustomizationSummaries() {}

    public static CustomizationView of(List<LeaderboardEntry> entries) {
        Map<String, List<CustomizationResult>> groups = new LinkedHashMap<>();
        Map<String, String> methods = new LinkedHashMap<>();
        List<CustomizationView.Trial> trials = new ArrayList<>();
        for (LeaderboardEntry entry : entries) {
            CustomizationResult result = entry.customization();
            trials.add(new CustomizationView.Trial(
                    entry.trialId(),
                    entry.label(),
                    entry.method(),
                    entry.seed(),
                    entry.state(),
                    result,
                    result == null ? null : samplesUrl(entry.trialId())));
            if (result != null) {
                String key = entry.method() + "/" + result.rank();
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(result);
                methods.put(key, entry.method());
            }
        }
        Map<String, List<CustomizationResult>> references = new LinkedHashMap<>();
        groups.forEach((key, results) -> references.putIfAbsent(methods.get(key), results));
        List<CustomizationResult> customDiffusion = references.get(CustomizationMethods.CUSTOM_DIFFUSION.name());
        List<CustomizationResult> full = references.get(CustomizationMethods.FULL.name());
        List<CustomizationView.MethodSummary> summaries = new ArrayList<>();
        groups.forEach((key, results) -> {
            double secondsPerStep = mean(results, CustomizationResult::secondsPerStep);
            double bytes = mean(results, CustomizationResult::deltaBytes);
            summaries.add(new CustomizationView.MethodSummary(
                    methods.get(key),
                    results.get(0).rank(),
                    results.size(),
                    interval(results, CustomizationResult::secondsPerStep),
                    bytes,
                    results.get(0).trainedParams(),
                    interval(results, CustomizationResult::fidelity),
                    interval(results, CustomizationResult::retention),
                    interval(results, CustomizationResult::frechetDistance),
                    ratio(customDiffusion, CustomizationResult::secondsPerStep, secondsPerStep),
                    ratio(full, CustomizationResult::secondsPerStep, secondsPerStep),
                    ratio(customDiffusion, CustomizationResult::deltaBytes, bytes),
                    ratio(full, CustomizationResult::deltaBytes, bytes)));
        });
        Double judgeTop1 = entries.stream()
                .map(LeaderboardEntry::customization)
                .filter(result -> result != null && result.judgeTop1() != null)
                .map(CustomizationResult::judgeTop1)
                .findFirst()
                .orElse(null);
        return new CustomizationView(judgeTop1, summaries, trials);
    }

    /** Where the API serves a completed customization trial's sample grid. */
    public static String samplesUrl(long trialId) {
        return "/api/v1/trials/" + trialId + "/samples.png";
    }

    private static Double ratio(
            List<CustomizationResult> reference, ToDoubleFunction<CustomizationResult> value, double own) {
        return reference == null || own <= 0 ? null : mean(reference, value) / own;
    }

    private static double mean(List<CustomizationResult> results, ToDoubleFunction<CustomizationResult> value) {
        return results.stream().mapToDouble(value).average().orElseThrow();
    }

    private static Interval interval(List<CustomizationResult> results, ToDoubleFunction<CustomizationResult> value) {
        return Interval.of(results.stream().map(value::applyAsDouble).toList());
    }
}
