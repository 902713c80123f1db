package org.ranksweep.worker.diagnostics;

import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.trial.TrialMetric;

/**
 * How much of its rank a dense ViT's attention uses: per block the 90 % and 99 % energy ranks of its heads' QK and
 * VO products and of its four projections (see {@link BlockSpectrum}), out of {@code headWidth} per head and d per
 * projection. A freshly initialised model sits near the random-matrix value (about 17 of 24 at 90 %); trained
 * attention is concentrated in a few directions. Immutable and thread-safe.
 *
 * @param headWidth d_h, the largest possible per-head rank
 * @param width     d, the largest possible projection rank
 */
public record SpectrumReport(int headWidth, int width, List<BlockSpectrum> blocks) {

    /** Trial metric phase of {@link #metrics()}. */
    public static final String PHASE = "spectrum";

    public SpectrumReport {
        blocks = List.copyOf(blocks);
    }

    /** Mean per-head QK 90 %-energy rank over all blocks and heads. */
    public double meanQkRank90() {
        return blocks.stream().mapToDouble(BlockSpectrum::qkRank90).average().orElse(0);
    }

    /** Mean per-head VO 90 %-energy rank over all blocks and heads. */
    public double meanVoRank90() {
        return blocks.stream().mapToDouble(BlockSpectrum::voRank90).average().orElse(0);
    }

    /**
     * The report as trial metrics of phase {@code spectrum}: per block (epoch = block index + 1) split {@code qk},
     * {@code vo} with names {@code rank90}, {@code rank99} (means over heads) and {@code rank90max}, and splits
     * {@code q}, {@code k}, {@code v}, {@code o} with {@code rank90}, {@code rank99}; at epoch 0 the whole model's
     * {@code qk}/{@code vo} {@code rank90} (mean over blocks and heads) and split {@code all} {@code headWidth}.
     */
    public List<TrialMetric> metrics() {
        List<TrialMetric> metrics = new ArrayList<>();
        for (BlockSpectrum block : blocks) {
            int epoch = block.block() + 1;
            metrics.add(metric(epoch, "qk", "rank90", block.qkRank90()));
            metrics.add(metric(epoch, "qk", "rank99", block.qkRank99()));
            metrics.add(metric(epoch, "qk", "rank90max", block.qkRank90Max()));
            metrics.add(metric(epoch, "vo", "rank90", block.voRank90()));
            metrics.add(metric(epoch, "vo", "rank99", block.voRank99()));
            metrics.add(metric(epoch, "vo", "rank90max", block.voRank90Max()));
            metrics.add(metric(epoch, "q", "rank90", block.qRank90()));
            metrics.add(metric(epoch, "q", "rank99", block.qRank99()));
            metrics.add(metric(epoch, "k", "rank90", block.kRank90()));
            metrics.add(metric(epoch, "k", "rank99", block.kRank99()));
            metrics.add(metric(epoch, "v", "rank90", block.vRank90()));
            metrics.add(metric(epoch, "v", "rank99", block.vRank99()));
            metrics.add(metric(epoch, "o", "rank90", block.oRank90()));
            metrics.add(metric(epoch, "o", "rank99", block.oRank99()));
        }
        metrics.add(metric(0, "qk", "rank90", meanQkRank90()));
        metrics.add(metric(0, "vo", "rank90", meanVoRank90()));
        metrics.add(metric(0, "all", "headWidth", headWidth));
        return metrics;
    }

    private static TrialMetric metric(int epoch, String split, String name, double value) {
        return new TrialMetric(PHASE, epoch, split, name, value);
    }
}
