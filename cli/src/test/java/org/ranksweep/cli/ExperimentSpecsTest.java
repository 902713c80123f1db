package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every spec shipped in experiments/ passes {@code ranksweep validate}. */
class ExperimentSpecsTest {

    static List<Path> specs() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("..", "experiments"))) {
            List<Path> specs = files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
            assertThat(specs).as("shipped specs").hasSizeGreaterThan(1);
            return specs;
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void shippedSpecValidates(Path spec) {
        ValidateCommandTest.Captured run = ValidateCommandTest.run("validate", spec.toString());
        assertThat(run.exit()).as(spec + ":\n" + run.err()).isZero();
        assertThat(run.out()).containsPattern("total\\s+\\d+ trials");
    }
}
