package org.ranksweep.core.cost;

import java.util.ArrayList;
import java.util.List;
import org.ranksweep.core.model.VitShape;

/**
 * An independent cost model for tests: lists the model's tensors (like a state dict) and its matmuls (M×K×N), then
 * sums them. It shares no code with {@link ModelCost}.
 */
final class ReferenceVit {

    private final List<long[]> tensors = new ArrayList<>();
    private final List<long[]> matmuls = new ArrayList<>();

    /** Dense model, or attention made of {@code heads} heads of widths qk/vo and MLP/classifier at given ranks. */
    static ReferenceVit of(VitShape shape, int heads, int qkWidth, int voWidth, Integer mlpRank, Integer headRank) {
        ReferenceVit vit = new ReferenceVit();
        long d = shape.width();
        long n = shape.tokens();
        long patches = n - 1;
        vit.tensors.add(new long[] {d, shape.channels(), shape.patch(), shape.patch()});
        vit.tensors.add(new long[] {d});
        vit.matmuls.add(new long[] {patches, (long) shape.channels() * shape.patch() * shape.patch(), d});
        vit.tensors.add(new long[] {1, 1, d});
        vit.tensors.add(new long[] {1, n, d});
        for (int block = 0; block < shape.depth(); block++) {
            vit.tensors.add(new long[] {d});
            vit.tensors.add(new long[] {d});
            vit.linear(d, (long) heads * qkWidth, n, null);
            vit.linear(d, (long) heads * qkWidth, n, null);
            vit.linear(d, (long) heads * voWidth, n, null);
            for (int head = 0; head < heads; head++) {
                vit.matmuls.add(new long[] {n, qkWidth, n});
                vit.matmuls.add(new long[] {n, n, voWidth});
            }
            vit.linear((long) heads * voWidth, d, n, null);
            vit.tensors.add(new long[] {d});
            vit.tensors.add(new long[] {d});
            vit.linear(d, shape.mlpHidden(), n, mlpRank);
            vit.linear(shape.mlpHidden(), d, n, mlpRank);
        }
        vit.tensors.add(new long[] {d});
        vit.tensors.add(new long[] {d});
        vit.linear(d, shape.classes(), 1, headRank);
        return vit;
    }

    static ReferenceVit dense(VitShape shape) {
        return of(shape, shape.heads(), shape.headWidth(), shape.headWidth(), null, null);
    }

    private void linear(long in, long out, long rows, Integer rank) {
        if (rank == null) {
            tensors.add(new long[] {out, in});
            matmuls.add(new long[] {rows, in, out});
        } else {
            tensors.add(new long[] {rank, in});
            tensors.add(new long[] {out, rank});
            matmuls.add(new long[] {rows, in, rank});
            matmuls.add(new long[] {rows, rank, out});
        }
        tensors.add(new long[] {out});
    }

    long params() {
        long total = 0;
        for (long[] tensor : tensors) {
            long size = 1;
            for (long dimension : tensor) {
                size *= dimension;
            }
            total += size;
        }
        return total;
    }

    long macs() {
        long total = 0;
        for (long[] matmul : matmuls) {
            total += matmul[0] * matmul[1] * matmul[2];
        }
        return total;
    }
}
