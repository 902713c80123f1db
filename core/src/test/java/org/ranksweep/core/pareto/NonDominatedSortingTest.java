package org.ranksweep.core.pareto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NonDominatedSortingTest {

    @Test
    void sortsAKnownSetIntoItsFronts() {
        // Minimised. A(1,5) B(2,3) C(4,1): nothing beats any of them (A best in x, C best in y, B needs x<=2 and
        // y<=3, which only B has). Without them, D(3,4) and E(5,2) are unbeaten; D beats F(4,5) and G(5,5); F beats G
        // (4<5, 5=5). So fronts {A,B,C}, {D,E}, {F}, {G}.
        List<double[]> points = List.of(
                new double[] {1, 5},
                new double[] {2, 3},
                new double[] {4, 1},
                new double[] {3, 4},
                new double[] {5, 2},
                new double[] {4, 5},
                new double[] {5, 5});
        assertThat(NonDominatedSorting.fronts(points))
                .containsExactly(List.of(0, 1, 2), List.of(3, 4), List.of(5), List.of(6));
    }

    @Test
    void equalPointsShareAFront() {
        List<double[]> points = List.of(new double[] {1, 1}, new double[] {1, 1}, new double[] {2, 2});
        assertThat(NonDominatedSorting.fronts(points)).containsExactly(List.of(0, 1), List.of(2));
    }

    @Test
    void feasiblePointsRankBeforeInfeasibleOnesAndInfeasibleOnesByViolation() {
        // X(0,0) and W(0,0) would beat everything but violate constraints (5 and 2); V(9,9) violates by 2 like W.
        // Deb's rule: feasible Y(1,1) then Z(2,2) (Y beats Z), then violation 2 {W,V}, then violation 5 {X}.
        List<double[]> points = List.of(
                new double[] {0, 0}, new double[] {1, 1}, new double[] {2, 2}, new double[] {0, 0}, new double[] {9, 9
                });
        double[] violations = {5, 0, 0, 2, 2};
        assertThat(NonDominatedSorting.fronts(points, violations))
                .containsExactly(List.of(1), List.of(2), List.of(3, 4), List.of(0));
    }

    @Test
    void crowdingDistanceOfAThreePointFront() {
        // A(1,5) B(2,3) C(4,1): the ends get infinity in each objective. B: x range 3, neighbours 1 and 4 -> 3/3 = 1;
        // y range 4, neighbours 1 and 5 -> 4/4 = 1. Total 2.
        List<double[]> points = List.of(new double[] {1, 5}, new double[] {2, 3}, new double[] {4, 1});
        assertThat(NonDominatedSorting.crowdingDistance(points, List.of(0, 1, 2)))
                .containsExactly(Double.POSITIVE_INFINITY, 2.0, Double.POSITIVE_INFINITY);
    }

    @Test
    void crowdingDistanceOfAFivePointFront() {
        // P(0,10) Q(1,6) R(3,3) S(7,1) T(10,0), both ranges 10.
        // Q: x neighbours 0,3 -> 0.3; y neighbours 3,10 -> 0.7; total 1.0.
        // R: x neighbours 1,7 -> 0.6; y neighbours 1,6 -> 0.5; total 1.1.
        // S: x neighbours 3,10 -> 0.7; y neighbours 0,3 -> 0.3; total 1.0.
        List<double[]> points = List.of(
                new double[] {0, 10}, new double[] {1, 6}, new double[] {3, 3}, new double[] {7, 1}, new double[] {10, 0
                });
        double[] distance = NonDominatedSorting.crowdingDistance(points, List.of(0, 1, 2, 3, 4));
        assertThat(distance[0]).isInfinite();
        assertThat(distance[4]).isInfinite();
        assertThat(distance[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(distance[2]).isCloseTo(1.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(distance[3]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void frontsOfRandomSetsFollowTheDefinition() {
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            int dimensions = 2 + random.nextInt(3);
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(30); i++) {
                double[] point = new double[dimensions];
                for (int m = 0; m < dimensions; m++) {
                    point[m] = random.nextInt(5); // few values: ties are common
                }
                points.add(point);
            }
            List<List<Integer>> fronts = NonDominatedSorting.fronts(points);
            assertThat(fronts.stream().mapToInt(List::size).sum()).isEqualTo(points.size());
            for (int f = 0; f < fronts.size(); f++) {
                for (int member : fronts.get(f)) {
                    // Nobody in its own or a later front beats it; if f > 0, someone in front f-1 does.
                    for (int g = f; g < fronts.size(); g++) {
                        for (int other : fronts.get(g)) {
                            assertThat(NonDominatedSorting.dominates(points.get(other), points.get(member)))
                                    .isFalse();
                        }
                    }
                    if (f > 0) {
                        assertThat(fronts.get(f - 1))
                                .anyMatch(
                                        other -> NonDominatedSorting.dominates(points.get(other), points.get(member)));
                    }
                }
            }
        }
    }
}
