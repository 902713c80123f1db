package org.ranksweep.worker.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.ejml.simple.SimpleMatrix;
import org.ejml.simple.SimpleSVD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProductSvdTest {

    @ParameterizedTest
    @CsvSource({"96, 24", "200, 16", "30, 30"})
    void singularValuesEqualThoseOfTheExplicitProduct(int rows, int columns) {
        Random random = new Random(rows * 31L + columns);
        double[][] a = RandomAttention.doubles(random, rows, columns);
        double[][] b = RandomAttention.doubles(random, rows, columns);
        double[] expected = explicitSingularValues(a, b);

        Svd svd = ProductSvd.of(a, b);

        assertThat(svd.s()).hasSize(columns);
        for (int index = 0; index < columns; index++) {
            assertThat(svd.s()[index]).isCloseTo(expected[index], within(1e-4 * expected[index]));
        }
    }

    @Test
    void factorsHaveOrthonormalColumnsAndReconstructTheProduct() {
        Random random = new Random(5);
        double[][] a = RandomAttention.doubles(random, 64, 8);
        double[][] b = RandomAttention.doubles(random, 64, 8);

        Svd svd = ProductSvd.of(a, b);

        SimpleMatrix u = new SimpleMatrix(svd.u());
        SimpleMatrix v = new SimpleMatrix(svd.v());
        assertThat(u.transpose().mult(u).minus(SimpleMatrix.identity(8)).elementMaxAbs())
                .isLessThan(1e-10);
        assertThat(v.transpose().mult(v).minus(SimpleMatrix.identity(8)).elementMaxAbs())
                .isLessThan(1e-10);
        SimpleMatrix product = new SimpleMatrix(a).mult(new SimpleMatrix(b).transpose());
        SimpleMatrix rebuilt = u.mult(SimpleMatrix.diag(svd.s())).mult(v.transpose());
        assertThat(rebuilt.minus(product).elementMaxAbs()).isLessThan(1e-10 * product.elementMaxAbs());
        for (int index = 1; index < svd.size(); index++) {
            assertThat(svd.s()[index]).isLessThanOrEqualTo(svd.s()[index - 1]);
        }
    }

    @Test
    void rankDeficientFactorsGiveZeroTrailingSingularValues() {
        Random random = new Random(9);
        double[][] a = RandomAttention.doubles(random, 40, 6);
        double[][] b = RandomAttention.doubles(random, 40, 6);
        for (double[] row : a) {
            row[5] = row[0]; // A has rank 5, so A·Bᵀ has rank ≤ 5
        }

        Svd svd = ProductSvd.of(a, b);

        assertThat(svd.s()[5]).isLessThan(1e-10 * svd.s()[0]);
        SimpleMatrix rebuilt =
                new SimpleMatrix(svd.u()).mult(SimpleMatrix.diag(svd.s())).mult(new SimpleMatrix(svd.v()).transpose());
        SimpleMatrix product = new SimpleMatrix(a).mult(new SimpleMatrix(b).transpose());
        assertThat(rebuilt.minus(product).elementMaxAbs()).isLessThan(1e-10 * product.elementMaxAbs());
    }

    @ParameterizedTest
    @CsvSource({"1e3", "1e5", "1e9"})
    void illConditionedFactorsStillGiveOrthonormalSingularVectors(double spread) {
        Random random = new Random(12);
        double[][] a = RandomAttention.doubles(random, 96, 12);
        double[][] b = RandomAttention.doubles(random, 96, 12);
        for (double[] row : a) {
            for (int column = 0; column < 12; column++) {
                row[column] *= Math.pow(spread, -column / 11.0); // column norms spread over `spread`
            }
        }

        Svd svd = ProductSvd.of(a, b);

        SimpleMatrix u = new SimpleMatrix(svd.u());
        SimpleMatrix v = new SimpleMatrix(svd.v());
        assertThat(u.transpose().mult(u).minus(SimpleMatrix.identity(12)).elementMaxAbs())
                .isLessThan(1e-8);
        assertThat(v.transpose().mult(v).minus(SimpleMatrix.identity(12)).elementMaxAbs())
                .isLessThan(1e-8);
        SimpleMatrix product = new SimpleMatrix(a).mult(new SimpleMatrix(b).transpose());
        SimpleMatrix rebuilt = u.mult(SimpleMatrix.diag(svd.s())).mult(v.transpose());
        assertThat(rebuilt.minus(product).elementMaxAbs()).isLessThan(1e-10 * product.elementMaxAbs());
    }

    @Test
    void rejectsFactorsOfDifferentShapes() {
        assertThatThrownBy(() -> ProductSvd.of(new double[10][4], new double[10][3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10×4");
    }

    private static double[] explicitSingularValues(double[][] a, double[][] b) {
        SimpleMatrix product = new SimpleMatrix(a).mult(new SimpleMatrix(b).transpose());
        SimpleSVD<SimpleMatrix> svd = product.svd(true);
        double[] values = svd.getSingularValues().clone();
        Arrays.sort(values);
        double[] descending = new double[values.length];
        for (int index = 0; index < values.length; index++) {
            descending[index] = values[values.length - 1 - index];
        }
        return descending;
    }
}
