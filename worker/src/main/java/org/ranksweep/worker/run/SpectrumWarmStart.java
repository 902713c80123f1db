package org.ranksweep.worker.run;

import java.util.Arrays;
import java.util.Locale;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.rankspace.ConstrainedRankSampler;
import org.ranksweep.core.rankspace.RankSpace;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.spec.SpecNames;
import org.ranksweep.core.spec.Suggestions;
import org.ranksweep.core.spec.WarmStartSpec;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.worker.diagnostics.BlockSpectrum;
import org.ranksweep.worker.diagnostics.SpectrumReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the ranks of a warm-started comcat trial ({@link TrialConfig#warmStart()}) from the trained base model's
 * attention spectrum, so that it then compresses exactly as the same explicit ranks would.
 *
 * <p>A layer's energy is the mean over heads of the 90 %-energy rank of its per-head products (W_Q^h W_K^hᵀ for qk,
 * W_V^h W_O^h for vo; {@link BlockSpectrum#qkRank90()}, {@link BlockSpectrum#voRank90()}): the number of directions
 * a head of that layer needs to keep 90 % of the product's squared singular values. It is what a per-head rank buys,
 * does not depend on the scale of the weights, and is the {@code spectrum} metric every trial already reports (and a
 * cached base keeps in {@code spectrum.json}), so the choice can be read off the trial's metrics. {@link
 * ConstrainedRankSampler#warmStart} turns the energies into ranks proportional to them, one factor for every layer,
 * snapped to the candidates, the largest factor whose vector fits the parameters of uniform comcat at the warm start's
 * budget. The same spectrum always gives the same ranks. Stateless, thread-safe.
 */
final class SpectrumWarmStart {

    private static final Logger LOG = LoggerFactory.getLogger(SpectrumWarmStart.class);

    private SpectrumWarmStart() {}

    /**
     * The trial as it is planned: unchanged without a warm start, else with the ranks its warm start chooses from the
     * base model's spectrum (its budget stays null, so the method plans those explicit ranks).
     *
     * @throws ValidationException naming {@code warmStart} for an unknown warm start or one that comes with a budget
     *     or ranks
     */
    static TrialConfig resolve(TrialConfig config, VitShape shape, SpectrumReport spectrum) {
        WarmStartSpec warmStart = config.warmStart();
        if (warmStart == null) {
            return config;
        }
        if (config.budget() != null || config.ranks() != null) {
            throw ValidationException.of(
                    "warmStart",
                    "trial " + config.label() + " has a warm start and also a budget or ranks; the worker chooses"
                            + " its ranks");
        }
        ConstrainedRankSampler sampler = sampler(warmStart, shape);
        RankSpec ranks = ranks(sampler, warmStart, spectrum);
        LOG.info(
                "Trial {} {} warm start: ranks qk {} vo {} ({} params, cap {}: uniform comcat at budget {}) from"
                        + " per-block mean 90%-energy ranks qk {} vo {}",
                config.label(),
                warmStart.from(),
                ranks.qk(),
                ranks.vo(),
                sampler.params(ranks),
                sampler.maxParams(),
                warmStart.budget(),
                format(qkEnergy(spectrum)),
                format(voEnergy(spectrum)));
        return config.withRanks(ranks);
    }

    /** The sampler of a warm start's candidates, capped at uniform comcat's parameters at its budget. */
    static ConstrainedRankSampler sampler(WarmStartSpec warmStart, VitShape shape) {
        return ConstrainedRankSampler.forBudget(
                new RankSpace(shape, warmStart.qk(), warmStart.vo()), warmStart.budget());
    }

    /** The ranks a warm start chooses from a spectrum. */
    static RankSpec ranks(ConstrainedRankSampler sampler, WarmStartSpec warmStart, SpectrumReport spectrum) {
        if (!SpecNames.SPECTRUM.equals(warmStart.from())) {
            throw ValidationException.of(
                    "warmStart", Suggestions.unknown("warm start", warmStart.from(), SpecNames.WARM_STARTS));
        }
        return sampler.warmStart(qkEnergy(spectrum), voEnergy(spectrum));
    }

    /** Per block, the mean over heads of the 90 %-energy rank of the query/key products. */
    static double[] qkEnergy(SpectrumReport spectrum) {
        return spectrum.blocks().stream().mapToDouble(BlockSpectrum::qkRank90).toArray();
    }

    /** Per block, the mean over heads of the 90 %-energy rank of the value/output products. */
    static double[] voEnergy(SpectrumReport spectrum) {
        return spectrum.blocks().stream().mapToDouble(BlockSpectrum::voRank90).toArray();
    }

    private static String format(double[] values) {
        return Arrays.toString(Arrays.stream(values)
                .mapToObj(value -> String.format(Locale.ROOT, "%.2f", value))
                .toArray());
    }
}
