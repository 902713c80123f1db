package org.ranksweep.worker.diagnostics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ranksweep.worker.compress.DenseAttention;
import org.ranksweep.worker.compress.ProductSvd;
import org.ranksweep.worker.model.AttentionWeights;
import org.ranksweep.worker.model.EncoderBlock;
import org.ranksweep.worker.model.VisionTransformerBlock;

/**
 * Computes a dense ViT's {@link SpectrumReport}. Per-head products go through {@link ProductSvd} (thin QR of the
 * d×d_h factors, SVD of a d_h×d_h core), never a d×d product; the whole projections need their own d×d singular
 * values (values only, no vectors). Stateless, thread-safe.
 */
public final class AttentionSpectrum {

    private AttentionSpectrum() {}

    /** The spectrum report of a model whose every block has dense attention. */
    public static SpectrumReport of(VisionTransformerBlock model) {
        int width = model.shape().width();
        int heads = model.shape().heads();
        List<BlockSpectrum> blocks = new ArrayList<>();
        List<EncoderBlock> encoders = model.blocks();
        for (int index = 0; index < encoders.size(); index++) {
            blocks.add(of(index, AttentionWeights.read(encoders.get(index).attention(), width, heads)));
        }
        return new SpectrumReport(width / heads, width, blocks);
    }

    /** The spectrum of one block's dense attention weights ({@code [in][out]}, head i on columns/rows i·d_h...). */
    public static BlockSpectrum of(int block, DenseAttention attention) {
        int headWidth = attention.headWidth();
        double[][] qk = new double[attention.heads()][];
        double[][] vo = new double[attention.heads()][];
        IntStream.range(0, attention.heads()).parallel().forEach(head -> {
            int start = head * headWidth;
            qk[head] = ProductSvd.of(
                            columns(attention.wq(), start, headWidth), columns(attention.wk(), start, headWidth))
                    .s();
            vo[head] = ProductSvd.of(
                            columns(attention.wv(), start, headWidth), rowsTransposed(attention.wo(), start, headWidth))
                    .s();
        });
        double[] q = singularValues(attention.wq());
        double[] k = singularValues(attention.wk());
        double[] v = singularValues(attention.wv());
        double[] o = singularValues(attention.wo());
        return new BlockSpectrum(
                block,
                mean(qk, 0.90),
                mean(qk, 0.99),
                max(qk, 0.90),
                mean(vo, 0.90),
                mean(vo, 0.99),
                max(vo, 0.90),
                EnergyRank.of(q, 0.90),
                EnergyRank.of(q, 0.99),
                EnergyRank.of(k, 0.90),
                EnergyRank.of(k, 0.99),
                EnergyRank.of(v, 0.90),
                EnergyRank.of(v, 0.99),
                EnergyRank.of(o, 0.90),
                EnergyRank.of(o, 0.99));
    }

    private static double mean(double[][] spectra, double fraction) {
        double sum = 0;
        for (double[] spectrum : spectra) {
            sum += EnergyRank.of(spectrum, fraction);
        }
        return sum / spectra.length;
    }

    private static int max(double[][] spectra, double fraction) {
        int largest = 0;
        for (double[] spectrum : spectra) {
            largest = Math.max(largest, EnergyRank.of(spectrum, fraction));
        }
        return largest;
    }

    /** Columns [start, start + count) of w as a rows×count matrix. */
    private static double[][] columns(float[][] w, int start, int count) {
        double[][] result = new double[w.length][count];
        for (int row = 0; row < w.length; row++) {
            for (int column = 0; column < count; column++) {
                result[row][column] = w[row][start + column];
            }
        }
        return result;
    }

    /** Rows [start, start + count) of w, transposed: a columns×count matrix. */
    private static double[][] rowsTransposed(float[][] w, int start, int count) {
        double[][] result = new double[w[0].length][count];
        for (int index = 0; index < count; index++) {
            for (int column = 0; column < w[0].length; column++) {
                result[column][index] = w[start + index][column];
            }
        }
        return result;
    }

    /** The singular values of w, descending, without singular vectors. */
    static double[] singularValues(float[][] w) {
        DMatrixRMaj matrix = new DMatrixRMaj(w.length, w[0].length);
        for (int row = 0; row < w.length; row++) {
            for (int column = 0; column < w[0].length; column++) {
                matrix.unsafe_set(row, column, w[row][column]);
            }
        }
        double[] values = SingularOps_DDRM.singularValues(matrix);
        Arrays.sort(values);
        for (int low = 0, high = values.length - 1; low < high; low++, high--) {
            double swap = values[low];
            values[low] = values[high];
            values[high] = swap;
        }
        return values;
    }
}
