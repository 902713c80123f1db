package org.ranksweep.core.spec;

import java.util.List;
import org.ranksweep.core.model.VitShape;

/**
 * How comcat-auto searches its ranks (COMCAT.md §4): one logit vector per searchable matrix over its candidate
 * ranks, Gumbel-softmax gates whose temperature falls geometrically from {@code temperatureStart} to
 * {@code temperatureEnd} over the search epochs, and a cross-entropy scaled by {@code (C/target)^beta} while the
 * expected cost C exceeds the target. Each trial's target keeps 1 − ρ of the searchable layers' dense weights; ρ is
 * the trial's point of the search space (a trial's {@code budget} is 1 − ρ). Each search epoch makes
 * {@code searchSteps} gate updates at batch {@code searchBatch} on the held-out slice (cycling over it in reshuffled
 * passes), then takes the ranks by {@code selection}. Immutable and thread-safe.
 *
 * @param candidates       candidate ranks per kind of matrix
 * @param searchMlp        also search fc1 and fc2 of every block and the classifier (plain SVD); else only the
 *                         attention products QK and VO
 * @param searchEpochs     search epochs; each is {@code searchSteps} gate updates on the held-out slice and one
 *                         weight epoch over the training split
 * @param beta             exponent of the budget-scaled cross-entropy
 * @param temperatureStart Gumbel-softmax temperature of the first search epoch
 * @param temperatureEnd   temperature of the last search epoch, at most {@code temperatureStart}
 * @param searchBatch      batch size of the gate updates, independent of the fine-tuning batch
 * @param searchSteps      gate updates per search epoch
 * @param selection        how each search epoch turns the gates into ranks: {@value #ARGMAX} (the reference's:
 *                         the most probable rank of every matrix on its own; the achieved weights may miss the
 *                         target) or {@value #BUDGETED} (the most probable joint choice within 2 % under the target)
 */
public record RankSearchSpec(
        RankCandidates candidates,
        boolean searchMlp,
        int searchEpochs,
        double beta,
        double temperatureStart,
        double temperatureEnd,
        int searchBatch,
        int searchSteps,
        String selection) {

    public static final int SEARCH_EPOCHS = 3;
    public static final double BETA = 1.5;
    public static final double TEMPERATURE_START = 5.0;
    public static final double TEMPERATURE_END = 0.1;
    /** The reference's batch (COMCAT.md §4). */
    public static final int SEARCH_BATCH = 128;
    /**
     * Gate updates per search epoch. At AdamW's lr 1e-2 a logit moves about 0.01 per update, so the ~16 updates of
     * one pass over a 2,000-image held-out slice barely leave the uniform start; 100 updates (about 6 passes,
     * roughly the cost of one weight epoch on the quickstart's 12,000 training images) let each epoch move the
     * logits by about 1, enough to separate candidates.
     */
    public static final int SEARCH_STEPS = 100;

    public static final String ARGMAX = "argmax";
    public static final String BUDGETED = "budgeted";
    public static final List<String> SELECTIONS = List.of(ARGMAX, BUDGETED);

    /** Every default for an architecture: its derived candidates, attention only, the defaults above. */
    public static RankSearchSpec defaults(VitShape shape) {
        return new RankSearchSpec(
                RankCandidates.defaults(shape),
                false,
                SEARCH_EPOCHS,
                BETA,
                TEMPERATURE_START,
                TEMPERATURE_END,
                SEARCH_BATCH,
                SEARCH_STEPS,
                ARGMAX);
    }
}
