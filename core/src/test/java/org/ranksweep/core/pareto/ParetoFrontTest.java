package org.ranksweep.core.pareto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {

    private record Point(String name, double cost, double top1) {}

    @Test
    void keepsExactlyThePointsNoOtherPointDominates() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Point> points = new ArrayList<>();
            int size = 1 + random.nextInt(40);
            for (int i = 0; i < size; i++) {
                // Few distinct values, so ties in cost, in top-1 and in both are common.
                points.add(new Point("p" + i, random.nextInt(8), random.nextInt(6) / 10.0));
            }
            List<Point> front = ParetoFront.of(points, Point::cost, Point::top1);
            assertThat(front).as("round %d", round).containsExactlyInAnyOrderElementsOf(bruteForce(points));
            List<Point> firstFront =
                    NonDominatedSorting.fronts(points.stream()
                                    .map(p -> new double[] {p.cost(), -p.top1()})
                                    .toList())
                            .get(0)
                            .stream()
                            .map(points::get)
                            .toList();
            assertThat(front).as("round %d", round).containsExactlyInAnyOrderElementsOf(firstFront);
        }
    }

    @Test
    void returnsTheFrontCheapestFirst() {
        List<Point> points = List.of(
                new Point("big", 22, 0.80),
                new Point("small", 9, 0.76),
                new Point("dominated", 14, 0.75),
                new Point("middle", 14, 0.79));
        assertThat(ParetoFront.of(points, Point::cost, Point::top1))
                .extracting(Point::name)
                .containsExactly("small", "middle", "big");
    }

    @Test
    void anEmptySetHasAnEmptyFront() {
        assertThat(ParetoFront.of(List.<Point>of(), Point::cost, Point::top1)).isEmpty();
    }

    /** The definition, checked pair by pair. */
    private static List<Point> bruteForce(List<Point> points) {
        List<Point> front = new ArrayList<>();
        for (Point candidate : points) {
            boolean dominated = points.stream()
                    .anyMatch(other -> other.cost() <= candidate.cost()
                            && other.top1() >= candidate.top1()
                            && (other.cost() < candidate.cost() || other.top1() > candidate.top1()));
            if (!dominated) {
                front.add(candidate);
            }
        }
        return front;
    }
}
