package org.ranksweep.core.pareto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HypervolumeTest {

    @Test
    void aStaircaseIn2d() {
        // Boxes to (4,4): [1,4]x[3,4] = 3, [2,4]x[2,4] = 4, [3,4]x[1,4] = 3; pairwise overlaps 2, 1, 2; all three 1.
        // 3 + 4 + 3 - 2 - 1 - 2 + 1 = 6.
        List<double[]> points = List.of(new double[] {1, 3}, new double[] {2, 2}, new double[] {3, 1});
        assertThat(Hypervolume.of(points, new double[] {4, 4})).isEqualTo(6.0);
    }

    @Test
    void pointsNotDominatingTheReferenceAddNothing() {
        List<double[]> points = List.of(
                new double[] {1, 3}, new double[] {2, 2}, new double[] {3, 1}, new double[] {5, 0}, new double[] {4, 0
                });
        assertThat(Hypervolume.of(points, new double[] {4, 4})).isEqualTo(6.0);
        assertThat(Hypervolume.of(List.of(new double[] {5, 5}), new double[] {4, 4}))
                .isZero();
    }

    @Test
    void mixedGoalsAreTurnedIntoMinimisation() {
        // Minimised: (-0.8, 3) and (-0.6, 1) against (-0.5, 4). Boxes 0.3 x 1 = 0.3 and 0.1 x 3 = 0.3, overlap
        // [-0.6,-0.5] x [3,4] = 0.1: 0.5.
        List<Objective> objectives = List.of(new Objective("top1", Goal.MAX), new Objective("params", Goal.MIN));
        double volume = Hypervolume.of(
                List.of(Map.of("top1", 0.8, "params", 3.0), Map.of("top1", 0.6, "params", 1.0)),
                objectives,
                Map.of("top1", 0.5, "params", 4.0));
        assertThat(volume).isCloseTo(0.5, offset(1e-12));
    }

    @Test
    void threePointsIn3d() {
        // To (4,4,4): A(1,1,3) 3*3*1 = 9, B(2,2,2) 2*2*2 = 8, C(3,3,1) 1*1*3 = 3; A∩B [2,4]²x[3,4] = 4,
        // A∩C [3,4]²x[3,4] = 1, B∩C [3,4]²x[2,4] = 2, A∩B∩C = 1. 20 - 7 + 1 = 14.
        List<double[]> points = List.of(new double[] {1, 1, 3}, new double[] {2, 2, 2}, new double[] {3, 3, 1});
        assertThat(Hypervolume.of(points, new double[] {4, 4, 4})).isEqualTo(14.0);
        assertThat(Hypervolume.of(List.of(new double[] {0, 0, 0}), new double[] {1, 2, 3}))
                .isEqualTo(6.0);
    }

    @Test
    void matchesInclusionExclusionOnRandomSetsUpTo4d() {
        Random random = new Random(5);
        for (int round = 0; round < 300; round++) {
            int dimensions = 2 + random.nextInt(3);
            double[] reference = new double[dimensions];
            java.util.Arrays.fill(reference, 1.0);
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                double[] point = new double[dimensions];
                for (int m = 0; m < dimensions; m++) {
                    point[m] = random.nextDouble() * 1.2 - 0.1; // some points fall outside the reference box
                }
                points.add(point);
            }
            assertThat(Hypervolume.of(points, reference))
                    .as("round %d", round)
                    .isCloseTo(inclusionExclusion(points, reference), offset(1e-9));
        }
    }

    /** Sum over non-empty subsets of (-1)^(|S|+1) times the volume of the boxes' intersection. */
    private static double inclusionExclusion(List<double[]> points, double[] reference) {
        List<double[]> inside = points.stream()
                .filter(p -> {
                    for (int m = 0; m < p.length; m++) {
                        if (p[m] >= reference[m]) {
                            return false;
                        }
                    }
                    return true;
                })
                .toList();
        double total = 0;
        for (int subset = 1; subset < (1 << inside.size()); subset++) {
            double volume = 1;
            for (int m = 0; m < reference.length; m++) {
                double corner = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < inside.size(); i++) {
                    if ((subset & (1 << i)) != 0) {
                        corner = Math.max(corner, inside.get(i)[m]);
                    }
                }
                volume *= reference[m] - corner;
            }
            total += Integer.bitCount(subset) % 2 == 1 ? volume : -volume;
        }
        return total;
    }
}
