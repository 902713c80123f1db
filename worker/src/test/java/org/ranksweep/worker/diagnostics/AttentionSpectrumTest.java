package org.ranksweep.worker.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.nn.core.Linear;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.trial.TrialMetric;
import org.ranksweep.worker.compress.DenseAttention;
import org.ranksweep.worker.model.AttentionBlock;
import org.ranksweep.worker.model.ParameterValues;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;

class AttentionSpectrumTest {

    private static final int WIDTH = 96;
    private static final int HEADS = 4;
    private static final int HEAD_WIDTH = 24;

    @BeforeAll
    static void engine() {
        TorchRuntime.start(2);
    }

    @Test
    void headsWhoseProductsHaveRankThreeAndFiveReportThreeAndFive() {
        DenseAttention attention = lowRankAttention(new SplittableRandom(1), 3, 5);

        BlockSpectrum spectrum = AttentionSpectrum.of(0, attention);

        assertThat(spectrum.qkRank90()).isEqualTo(3);
        assertThat(spectrum.qkRank99()).isEqualTo(3);
        assertThat(spectrum.qkRank90Max()).isEqualTo(3);
        assertThat(spectrum.voRank90()).isEqualTo(5);
        assertThat(spectrum.voRank99()).isEqualTo(5);
        // W_Q and W_V are the identity: 96 singular values 1; 0.9·96 = 86.4 → 87, 0.99·96 = 95.04 → 96
        assertThat(spectrum.qRank90()).isEqualTo(87);
        assertThat(spectrum.qRank99()).isEqualTo(96);
        assertThat(spectrum.vRank90()).isEqualTo(87);
        // W_K = Uᵀ·[P P P P]: 3 equal singular values (2); W_O likewise 5
        assertThat(spectrum.kRank90()).isEqualTo(3);
        assertThat(spectrum.kRank99()).isEqualTo(3);
        assertThat(spectrum.oRank90()).isEqualTo(5);
        assertThat(spectrum.oRank99()).isEqualTo(5);
    }

    @Test
    void readsEachBlockOfABuiltModelAndReportsTrialMetricsPerBlock() {
        try (Model model = VitFactory.create("spectrum", ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST), 4)) {
            AttentionBlock first = VitFactory.vit(model).blocks().get(0).attention();
            DenseAttention lowRank = lowRankAttention(new SplittableRandom(2), 2, 4);
            TorchRuntime.disableGradients();
            ParameterValues.write((Linear) first.query(), lowRank.wq(), lowRank.bq());
            ParameterValues.write((Linear) first.key(), lowRank.wk(), lowRank.bk());
            ParameterValues.write((Linear) first.value(), lowRank.wv(), lowRank.bv());
            ParameterValues.write((Linear) first.output(), lowRank.wo(), lowRank.bo());

            SpectrumReport report = AttentionSpectrum.of(VitFactory.vit(model));

            assertThat(report.headWidth()).isEqualTo(HEAD_WIDTH);
            assertThat(report.blocks()).hasSize(4);
            assertThat(report.blocks().get(0).qkRank90()).isEqualTo(2);
            assertThat(report.blocks().get(0).voRank90()).isEqualTo(4);
            // The other blocks keep their random initialisation: far from low rank.
            assertThat(report.blocks().get(1).qkRank90()).isGreaterThan(12);
            List<TrialMetric> metrics = report.metrics();
            assertThat(metrics)
                    .contains(
                            new TrialMetric("spectrum", 1, "qk", "rank90", 2),
                            new TrialMetric("spectrum", 1, "vo", "rank90max", 4),
                            new TrialMetric("spectrum", 0, "all", "headWidth", HEAD_WIDTH));
            double overall = (2
                            + report.blocks().get(1).qkRank90()
                            + report.blocks().get(2).qkRank90()
                            + report.blocks().get(3).qkRank90())
                    / 4;
            assertThat(metrics)
                    .filteredOn(metric -> metric.epoch() == 0 && metric.split().equals("qk"))
                    .singleElement()
                    .satisfies(metric -> assertThat(metric.value()).isCloseTo(overall, Offset.offset(1e-12)));
            // per block: qk, vo × 3 names and q, k, v, o × 2 names; then three summaries
            assertThat(metrics).hasSize(4 * (6 + 8) + 3);
        }
    }

    /**
     * Attention whose heads all have W_Q^h = W_V^h = identity columns, W_K^h = Uᵀ·P and W_O^h = Pᵀ·U with P an
     * orthonormal rank×d_h and U an orthonormal rank×d matrix (dense: the thin QR meets no zero column), so each
     * W_QK^h and W_VO^h has exactly {@code qkRank} resp. {@code voRank} singular values 1. Biases random: they do
     * not enter the products.
     */
    private static DenseAttention lowRankAttention(SplittableRandom random, int qkRank, int voRank) {
        float[][] wq = new float[WIDTH][WIDTH];
        float[][] wk = new float[WIDTH][WIDTH];
        float[][] wv = new float[WIDTH][WIDTH];
        float[][] wo = new float[WIDTH][WIDTH];
        double[][] qkHead = orthonormalRows(qkRank, HEAD_WIDTH);
        double[][] qkModel = orthonormalRows(qkRank, WIDTH);
        double[][] voHead = orthonormalRows(voRank, HEAD_WIDTH);
        double[][] voModel = orthonormalRows(voRank, WIDTH);
        for (int head = 0; head < HEADS; head++) {
            int start = head * HEAD_WIDTH;
            for (int column = 0; column < HEAD_WIDTH; column++) {
                wq[start + column][start + column] = 1;
                wv[start + column][start + column] = 1;
                for (int other = 0; other < WIDTH; other++) {
                    wk[other][start + column] = (float) dot(qkModel, other, qkHead, column);
                    wo[start + column][other] = (float) dot(voHead, column, voModel, other);
                }
            }
        }
        return new DenseAttention(
                WIDTH, HEADS, wq, wk, wv, wo, vector(random), vector(random), vector(random), vector(random));
    }

    /** Σ_r a[r][i]·b[r][j]. */
    private static double dot(double[][] a, int i, double[][] b, int j) {
        double sum = 0;
        for (int row = 0; row < a.length; row++) {
            sum += a[row][i] * b[row][j];
        }
        return sum;
    }

    /** Rows 1..count of the orthonormal DCT-II basis of the given length. */
    private static double[][] orthonormalRows(int count, int length) {
        double[][] rows = new double[count][length];
        for (int row = 0; row < count; row++) {
            for (int column = 0; column < length; column++) {
                rows[row][column] =
                        Math.sqrt(2.0 / length) * Math.cos(Math.PI * (row + 1) * (2 * column + 1) / (2.0 * length));
            }
        }
        return rows;
    }

    private static float[] vector(SplittableRandom random) {
        float[] values = new float[WIDTH];
        for (int index = 0; index < WIDTH; index++) {
            values[index] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }
}
