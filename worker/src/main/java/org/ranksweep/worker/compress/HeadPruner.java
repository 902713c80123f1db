package org.ranksweep.worker.compress;

/**
 * Structured head pruning: keeps whole heads of a dense attention sublayer, as a head-level attention with
 * r_qk = r_vo = d_h (slices of the original weights and biases). A removed head's value bias still reaches the
 * output as the constant row {@code bv^h·Wo^h} (attention rows sum to one), so the output bias absorbs it:
 * {@code bo' = bo + Σ_{removed h} bv^h·Wo^h}. Stateless, thread-safe.
 */
public final class HeadPruner {

    private HeadPruner() {}

    /** The attention restricted to {@code keptHeads} (distinct indices in [0, h), any order; may be empty). */
    public static HeadLevelAttention keep(DenseAttention attention, int[] keptHeads) {
        requireDistinctHeads(keptHeads, attention.heads());
        int width = attention.width();
        int headWidth = attention.headWidth();
        int keptWidth = keptHeads.length * headWidth;
        float[][] wq = new float[width][keptWidth];
        float[][] wk = new float[width][keptWidth];
        float[][] wv = new float[width][keptWidth];
        float[][] wo = new float[keptWidth][];
        float[] bq = new float[keptWidth];
        float[] bk = new float[keptWidth];
        float[] bv = new float[keptWidth];
        for (int slot = 0; slot < keptHeads.length; slot++) {
            int from = keptHeads[slot] * headWidth;
            int to = slot * headWidth;
            for (int row = 0; row < width; row++) {
                System.arraycopy(attention.wq()[row], from, wq[row], to, headWidth);
                System.arraycopy(attention.wk()[row], from, wk[row], to, headWidth);
                System.arraycopy(attention.wv()[row], from, wv[row], to, headWidth);
            }
            for (int row = 0; row < headWidth; row++) {
                wo[to + row] = attention.wo()[from + row].clone();
            }
            System.arraycopy(attention.bq(), from, bq, to, headWidth);
            System.arraycopy(attention.bk(), from, bk, to, headWidth);
            System.arraycopy(attention.bv(), from, bv, to, headWidth);
        }
        return new HeadLevelAttention(
                width,
                keptHeads.length,
                headWidth,
                headWidth,
                headWidth,
                wq,
                wk,
                wv,
                wo,
                bq,
                bk,
                bv,
                outputBias(attention, keptHeads));
    }

    /** bo plus the constant {@code bv^h·Wo^h} of every head not in {@code keptHeads} ({@link BiasFolding}). */
    private static float[] outputBias(DenseAttention attention, int[] keptHeads) {
        boolean[] kept = new boolean[attention.heads()];
        for (int head : keptHeads) {
            kept[head] = true;
        }
        int headWidth = attention.headWidth();
        return BiasFolding.valueBiasIntoOutput(
                attention.bo(), attention.bv(), attention.wo(), row -> !kept[row / headWidth]);
    }

    private static void requireDistinctHeads(int[] keptHeads, int heads) {
        boolean[] seen = new boolean[heads];
        for (int head : keptHeads) {
            if (head < 0 || head >= heads || seen[head]) {
                throw new IllegalArgumentException("kept head " + head + " is out of [0, " + heads + ") or repeated");
            }
            seen[head] = true;
        }
    }
}
