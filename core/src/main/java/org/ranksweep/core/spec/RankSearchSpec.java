package org.ranksweep.core.spec;

import org.ranksweep.core.model.VitShape;

/**
 * How comcat-auto searches its ranks (COMCAT.md §4): one logit vector per searchable matrix over its candidate
 * ranks, Gumbel-softmax gates whose temperature falls geometrically from {@code temperatureStart} to
 * {@code temperatureEnd} over the search epochs, and a cross-entropy scaled by {@code (C/target)^beta} while the
 * expected cost C exceeds the target. Each trial's target keeps 1 − ρ of the searchable layers' dense weights; ρ is
 * the trial's point of the search space (a trial's {@code budget} is 1 − ρ). Immutable and thread-safe.
 *
 * @param candidates       candidate ranks per kind of matrix
 * @param searchMlp        also search fc1 and fc2 of every block and the classifier (plain SVD); else only the
 *                         attention products QK and VO
 * @param searchEpochs     search epochs; each is one logit pass over the held-out slice and one weight epoch over
 *                         the training split
 * @param beta             exponent of the budget-scaled cross-entropy
 * @param temperatureStart Gumbel-softmax temperature of the first search epoch
 * @param temperatureEnd   temperature of the last search epoch, at most {@code temperatureStart}
 */
public record RankSearchSpec(RankCandidates candidates, boolean searchMlp, int searchEpochs, double beta,
                             double temperatureStart, double temperatureEnd) {

    public static final int SEARCH_EPOCHS = 3;
    public static final double BETA = 1.5;
    public static final double TEMPERATURE_START = 5.0;
    public static final double TEMPERATURE_END = 0.1;

    /** Every default for an architecture: its derived candidates, attention only, the defaults above. */
    public static RankSearchSpec defaults(VitShape shape) {
        return new RankSearchSpec(RankCandidates.defaults(shape), false, SEARCH_EPOCHS, BETA, TEMPERATURE_START,
                TEMPERATURE_END);
    }
}
