package org.ranksweep.core.rankspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.RankSpec;

/**
 * Rank vectors of a {@link RankSpace} whose whole-model parameter count stays within a budget, never rejecting a
 * draw. A space of at most {@link #ENUMERATION_LIMIT} vectors is enumerated once and sampled uniformly among its
 * feasible vectors; a larger one is sampled uniformly per coordinate and then {@linkplain #repair repaired}. The
 * same seed gives the same vectors. Immutable after construction, thread-safe.
 */
public final class ConstrainedRankSampler {

    /** Spaces with at most this many vectors are enumerated. */
    public static final long ENUMERATION_LIMIT = 20_000;

    /** {@link #distinct} gives up after this many draws per vector asked for (beyond a first thousand). */
    static final int DRAWS_PER_VECTOR = 64;

    private final RankSpace space;
    private final long maxParams;
    private final Prices prices;
    private final List<int[]> feasible;

    /**
     * @param maxParams the budget: whole-model parameters, at least those of the smallest vector
     * @throws ValidationException naming {@code maxParams} when even the smallest ranks exceed it
     */
    public ConstrainedRankSampler(RankSpace space, long maxParams) {
        this.space = space;
        this.maxParams = maxParams;
        this.prices = new Prices(space);
        long smallest = prices.of(new int[space.coordinates()]);
        if (smallest > maxParams) {
            throw ValidationException.of(
                    "maxParams",
                    "the smallest ranks of " + space.shape().name() + " need " + smallest
                            + " parameters, the budget is " + maxParams);
        }
        feasible = space.size() <= ENUMERATION_LIMIT ? enumerate() : null;
    }

    /** {@code count} feasible vectors drawn from a generator seeded with {@code seed}. */
    public List<RankSpec> sample(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<RankSpec> vectors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            vectors.add(sample(random));
        }
        return vectors;
    }

    /**
     * A sampler whose budget is an attention budget as comcat reads it: the whole-model parameters of uniform comcat
     * at that fraction ({@link BudgetAllocator#comcat}, priced by {@link ModelCost}), so every vector costs at most
     * what the uniform comcat trial of the same budget costs.
     *
     * @throws ValidationException naming {@code maxParams} when even the smallest ranks exceed it
     */
    public static ConstrainedRankSampler forBudget(RankSpace space, double budget) {
        return new ConstrainedRankSampler(space, budgetParams(space, budget));
    }

    /** Whole-model parameters of uniform comcat at the attention budget on the space's architecture. */
    public static long budgetParams(RankSpace space, double budget) {
        return ModelCost.of(BudgetAllocator.comcat(space.shape(), budget)).params();
    }

    /** Whole-model parameters of the space's smallest vector (every coordinate at its smallest candidate). */
    public static long smallestParams(RankSpace space) {
        return space.params(space.ranks(new int[space.coordinates()]));
    }

    /**
     * Up to {@code count} distinct feasible vectors drawn from a generator seeded with {@code seed}, in draw order; a
     * larger {@code count} with the same seed keeps every vector a smaller one drew. An enumerated space gives
     * {@code min(count, feasible vectors)} by a partial Fisher–Yates shuffle of its feasible vectors; a larger one
     * draws and repairs, skipping repeats, for at most {@code 1000 + 64·count} draws, so fewer than {@code count}
     * come back only when the budget leaves few vectors.
     */
    public List<RankSpec> distinct(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        if (feasible != null) {
            int[] order = new int[feasible.size()];
            Arrays.setAll(order, i -> i);
            List<RankSpec> vectors = new ArrayList<>();
            for (int place = 0; place < Math.min(count, order.length); place++) {
                int pick = place + random.nextInt(order.length - place);
                int swapped = order[place];
                order[place] = order[pick];
                order[pick] = swapped;
                vectors.add(space.ranks(feasible.get(order[place])));
            }
            return vectors;
        }
        Set<RankSpec> vectors = new LinkedHashSet<>();
        long draws = 1000 + (long) DRAWS_PER_VECTOR * count;
        for (long draw = 0; draw < draws && vectors.size() < count; draw++) {
            vectors.add(sample(random));
        }
        return List.copyOf(vectors);
    }

    /** One feasible vector. */
    public RankSpec sample(SplittableRandom random) {
        if (feasible != null) {
            return space.ranks(feasible.get(random.nextInt(feasible.size())));
        }
        int[] choice = new int[space.coordinates()];
        for (int c = 0; c < choice.length; c++) {
            choice[c] = random.nextInt(space.candidates(c).size());
        }
        return space.ranks(repair(choice));
    }

    /** Whether the sampler enumerates its space rather than repairing draws. */
    public boolean enumerates() {
        return feasible != null;
    }

    /**
     * The nearest feasible vector at or below a target (candidate indices per coordinate, qk blocks then vo blocks).
     * First, while over budget, the coordinate whose one-step lowering (to the next smaller candidate) saves the most
     * parameters is lowered (ties: lowest coordinate). Then, while some lowered coordinate can go back up one step
     * within the budget, the cheapest such step is taken (ties: lowest coordinate). So the result is feasible, no
     * coordinate exceeds the target, a feasible target is returned unchanged, and no coordinate below its target can
     * be raised one step without breaking the budget: the repair is minimal in that sense.
     */
    int[] repair(int[] target) {
        int[] choice = target.clone();
        long params = prices.of(choice);
        while (params > maxParams) {
            int best = -1;
            long bestSaving = -1;
            for (int c = 0; c < choice.length; c++) {
                if (choice[c] > 0) {
                    long saving = params - priceWith(choice, c, choice[c] - 1);
                    if (saving > bestSaving) {
                        best = c;
                        bestSaving = saving;
                    }
                }
            }
            choice[best]--;
            params -= bestSaving;
        }
        return refill(choice, target, params);
    }

    /** A vector of this space (each rank one of its block's candidates) repaired into the budget. */
    public RankSpec repair(RankSpec target) {
        return space.ranks(repair(indices(target)));
    }

    /**
     * A warm start from the base model's spectrum: each coordinate's rank proportional to its layer's energy, with one
     * factor for every layer, snapped to the nearest candidate (upward on a tie). The factor is the largest at which
     * the snapped vector fits the budget, and at most the one that gives the layer with the most energy its largest
     * candidate (a layer with e times that energy then gets about e times its largest candidate). A larger factor never
     * lowers a rank, so a bisection finds it, and the smallest candidates (factor 0) always fit. So the vector is within
     * the budget with no repair, and of two layers with the same candidates the one with more energy never gets the
     * smaller rank. All energies zero give the smallest candidates.
     *
     * @param qkEnergy per block, the spectral energy of the query/key products, finite and not negative
     * @param voEnergy per block, the same for the value/output products
     */
    public RankSpec warmStart(double[] qkEnergy, double[] voEnergy) {
        double[] shares = shares(qkEnergy, voEnergy);
        int[] full = snapped(shares, 1);
        if (prices.of(full) <= maxParams) {
            return space.ranks(full);
        }
        double fits = 0;
        double exceeds = 1;
        for (int step = 0; step < 60; step++) {
            double middle = (fits + exceeds) / 2;
            if (prices.of(snapped(shares, middle)) <= maxParams) {
                fits = middle;
            } else {
                exceeds = middle;
            }
        }
        return space.ranks(snapped(shares, fits));
    }

    /** Each coordinate's energy as a share of the largest (all 0 when every energy is 0). */
    private double[] shares(double[] qkEnergy, double[] voEnergy) {
        int depth = space.shape().depth();
        double[] energy = new double[space.coordinates()];
        for (int c = 0; c < energy.length; c++) {
            double[] source = c < depth ? qkEnergy : voEnergy;
            String path = c < depth ? "qkEnergy" : "voEnergy";
            if (source.length != depth) {
                throw ValidationException.of(path, "needs one value per block (" + depth + "), has " + source.length);
            }
            energy[c] = source[c % depth];
            if (!(energy[c] >= 0) || Double.isInfinite(energy[c])) {
                throw ValidationException.of(path + "[" + c % depth + "]", "must be finite and >= 0, was " + energy[c]);
            }
        }
        double most = Arrays.stream(energy).max().orElse(0);
        return Arrays.stream(energy).map(value -> most == 0 ? 0 : value / most).toArray();
    }

    /** Candidate indices: each coordinate's candidate nearest to factor × share × its largest candidate. */
    private int[] snapped(double[] shares, double factor) {
        int[] choice = new int[shares.length];
        for (int c = 0; c < shares.length; c++) {
            List<Integer> candidates = space.candidates(c);
            choice[c] = nearest(candidates, factor * shares[c] * candidates.get(candidates.size() - 1));
        }
        return choice;
    }

    /** Whole-model parameters of a vector of this space. */
    public long params(RankSpec ranks) {
        return space.params(ranks);
    }

    /** The budget. */
    public long maxParams() {
        return maxParams;
    }

    private int[] refill(int[] choice, int[] target, long params) {
        while (true) {
            int best = -1;
            long bestCost = Long.MAX_VALUE;
            for (int c = 0; c < choice.length; c++) {
                if (choice[c] < target[c]) {
                    long cost = priceWith(choice, c, choice[c] + 1) - params;
                    if (params + cost <= maxParams && cost < bestCost) {
                        best = c;
                        bestCost = cost;
                    }
                }
            }
            if (best < 0) {
                return choice;
            }
            choice[best]++;
            params += bestCost;
        }
    }

    private static int nearest(List<Integer> candidates, double wanted) {
        int best = 0;
        for (int i = 1; i < candidates.size(); i++) {
            if (Math.abs(candidates.get(i) - wanted) <= Math.abs(candidates.get(best) - wanted)) {
                best = i;
            }
        }
        return best;
    }

    private long priceWith(int[] choice, int coordinate, int index) {
        int[] changed = choice.clone();
        changed[coordinate] = index;
        return prices.of(changed);
    }

    private int[] indices(RankSpec ranks) {
        int depth = space.shape().depth();
        if (ranks.qk().size() != depth || ranks.vo().size() != depth) {
            throw ValidationException.of("ranks", "needs one qk and one vo rank per block (" + depth + ")");
        }
        int[] choice = new int[space.coordinates()];
        for (int c = 0; c < choice.length; c++) {
            int rank = c < depth ? ranks.qk().get(c) : ranks.vo().get(c - depth);
            choice[c] = space.candidates(c).indexOf(rank);
            if (choice[c] < 0) {
                String path = (c < depth ? "ranks.qk[" + c : "ranks.vo[" + (c - depth)) + "]";
                throw ValidationException.of(path, rank + " is not a candidate " + space.candidates(c));
            }
        }
        return choice;
    }

    private List<int[]> enumerate() {
        List<int[]> vectors = new ArrayList<>();
        int[] choice = new int[space.coordinates()];
        while (true) {
            if (prices.of(choice) <= maxParams) {
                vectors.add(choice.clone());
            }
            int c = choice.length - 1;
            while (c >= 0 && choice[c] == space.candidates(c).size() - 1) {
                choice[c--] = 0;
            }
            if (c < 0) {
                return List.copyOf(vectors);
            }
            choice[c]++;
        }
    }

    /**
     * Whole-model parameters of a choice from a table: {@link ModelCost} adds the blocks' costs to those of the parts
     * outside the blocks, so a choice costs the fixed parts plus, per block, the cost of that block at its qk and vo
     * candidates. Equal to {@link RankSpace#params(RankSpec)} (a test checks it), without building a plan per price.
     */
    private static final class Prices {

        private final int depth;
        private final long fixed;
        private final long[][][] blocks;

        Prices(RankSpace space) {
            VitShape shape = space.shape();
            depth = shape.depth();
            blocks = new long[depth][][];
            for (int block = 0; block < depth; block++) {
                List<Integer> qk = space.candidates(block);
                List<Integer> vo = space.candidates(depth + block);
                blocks[block] = new long[qk.size()][vo.size()];
                for (int i = 0; i < qk.size(); i++) {
                    for (int j = 0; j < vo.size(); j++) {
                        HeadLevelBlock plan = new HeadLevelBlock(shape.heads(), qk.get(i), vo.get(j));
                        blocks[block][i][j] = ModelCost.block(shape, plan).params();
                    }
                }
            }
            int[] smallest = new int[2 * depth];
            long smallestBlocks = 0;
            for (int block = 0; block < depth; block++) {
                smallestBlocks += blocks[block][0][0];
            }
            fixed = space.params(space.ranks(smallest)) - smallestBlocks;
        }

        long of(int[] choice) {
            long params = fixed;
            for (int block = 0; block < depth; block++) {
                params += blocks[block][choice[block]][choice[depth + block]];
            }
            return params;
        }
    }
}
