package org.ranksweep.core.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.ranksweep.core.model.VitShape;

/**
 * The candidate ranks comcat-auto chooses from, per kind of searchable matrix, each list ascending and distinct.
 * {@code qk} and {@code vo} are ranks per head, like {@link RankSpec} (COMCAT.md lists totals over the h heads:
 * total = h × per-head rank); {@code fc1}, {@code fc2} and {@code head} are ranks of the plain SVD of those Linears,
 * searched only when {@link RankSearchSpec#searchMlp()} is on. Immutable and thread-safe.
 */
public record RankCandidates(
        List<Integer> qk, List<Integer> vo, List<Integer> fc1, List<Integer> fc2, List<Integer> head) {

    /** Default candidates per matrix: six, evenly spaced up to the largest rank that still pays (COMCAT.md §4). */
    public static final int STEPS = 6;

    public RankCandidates {
        qk = ascending(qk);
        vo = ascending(vo);
        fc1 = ascending(fc1);
        fc2 = ascending(fc2);
        head = ascending(head);
    }

    /**
     * The defaults of an architecture, derived from its widths as COMCAT.md §4 derives DeiT's from d: per head
     * {@code round(k·d_h/6)} for k = 1..6 (the largest keeps the full head width, so ρ = 0 can keep the dense
     * attention); for a Linear in→out {@code round(k·b/6)} with b = ⌊in·out/(in+out)⌋, the largest rank whose
     * factors hold no more weights than the dense matrix. For vit-tiny-fmnist (d_h 24, d 96, hidden 192, 10
     * classes): qk and vo {4, 8, 12, 16, 20, 24}, fc1 and fc2 {11, 21, 32, 43, 53, 64}, head {2, 3, 5, 6, 8, 9}.
     */
    public static RankCandidates defaults(VitShape shape) {
        List<Integer> perHead = sixths(shape.headWidth());
        return new RankCandidates(
                perHead,
                perHead,
                sixths(breakEven(shape.width(), shape.mlpHidden())),
                sixths(breakEven(shape.mlpHidden(), shape.width())),
                sixths(breakEven(shape.width(), shape.classes())));
    }

    /** The largest rank r with (in+out)·r ≤ in·out (at least 1). */
    static int breakEven(int in, int out) {
        return (int) Math.max(1, (long) in * out / (in + out));
    }

    private static List<Integer> sixths(int largest) {
        TreeSet<Integer> ranks = new TreeSet<>();
        for (int step = 1; step <= STEPS; step++) {
            ranks.add((int) Math.max(1, Math.round((double) step * largest / STEPS)));
        }
        return List.copyOf(ranks);
    }

    private static List<Integer> ascending(List<Integer> ranks) {
        if (ranks == null) {
            return List.of();
        }
        List<Integer> sorted = new ArrayList<>(new TreeSet<>(ranks));
        if (sorted.size() != ranks.size()) {
            throw new IllegalArgumentException("candidate ranks must be distinct, were " + ranks);
        }
        return List.copyOf(sorted);
    }
}
