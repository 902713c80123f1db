package org.ranksweep.core.cost;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.ranksweep.core.model.VitShape;

/**
 * How one transformer block is compressed: the form of its attention sublayer and, optionally, plain-SVD ranks
 * for its MLP. Serialised to JSON with a {@code kind} property ({@code dense}, {@code head-level},
 * {@code matrix-level}). Implementations are immutable records and thread-safe.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DenseBlock.class, name = "dense"),
    @JsonSubTypes.Type(value = HeadLevelBlock.class, name = "head-level"),
    @JsonSubTypes.Type(value = MatrixLevelBlock.class, name = "matrix-level")
})
public sealed interface BlockPlan permits DenseBlock, HeadLevelBlock, MatrixLevelBlock {

    /** Rank of the plain SVD of fc1 (d→hid), or null when fc1 stays dense. */
    Integer fc1Rank();

    /** Rank of the plain SVD of fc2 (hid→d), or null when fc2 stays dense. */
    Integer fc2Rank();

    /** The cost of this block's attention sublayer, biases included. */
    Cost attentionCost(VitShape shape);

    /** This block's attention weights without biases (the budget basis). */
    long attentionWeights(VitShape shape);

    /** The same attention form with the given MLP ranks (null keeps a Linear dense). */
    BlockPlan withMlpRanks(Integer fc1Rank, Integer fc2Rank);

    /** Rejects ranks that must be at least one. */
    static void requirePositive(String name, Integer rank) {
        if (rank != null && rank < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + rank);
        }
    }
}
