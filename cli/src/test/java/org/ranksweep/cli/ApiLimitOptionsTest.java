package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.orchestrator.http.ApiLimits;
import picocli.CommandLine;

/** The API's limits as the serving commands read them from their options. */
class ApiLimitOptionsTest {

    @Test
    void withoutOptionsTheRootsAreUnderHomeAndDebiansDatasetsWithTheDefaultLimits() {
        OrchestratorCommand command = parse(new OrchestratorCommand(), "--home", "/opt/rs-home");
        ApiLimits limits = command.apiLimits.limits(command.home.home);

        assertThat(limits.dataRoots().roots())
                .containsExactly(
                        Path.of("/opt/rs-home/data"),
                        Path.of("/opt/rs-home/datasets"),
                        Path.of("/opt/rs-home/artifacts"),
                        Path.of("/usr/share/datasets"));
        assertThat(limits.maxTrialsPerSweep()).isEqualTo(10_000);
        assertThat(limits.maxEventStreamsPerAddress()).isEqualTo(8);
        assertThat(limits.maxSweepsInFlight()).isEqualTo(20);
    }

    @Test
    void dataRootsRepeatAndReplaceTheDefaults() {
        OrchestratorCommand command = parse(
                new OrchestratorCommand(),
                "--data-root",
                "/srv/data",
                "--data-root",
                "/srv/models/../weights",
                "--max-trials-per-sweep",
                "50");
        ApiLimits limits = command.apiLimits.limits(command.home.home);

        assertThat(limits.dataRoots().roots()).containsExactly(Path.of("/srv/data"), Path.of("/srv/weights"));
        assertThat(limits.maxTrialsPerSweep()).isEqualTo(50);
    }

    @Test
    void localServesItsApiUnderTheSameRules() {
        LocalCommand command = parse(new LocalCommand(), "spec.yaml", "--home", "/opt/rs", "--data-root", "/srv/d");
        assertThat(command.apiLimits.limits(command.home.home).dataRoots().roots())
                .containsExactly(Path.of("/srv/d"));
    }

    @Test
    void aLimitBelowOneIsRefusedNamingTheOption() {
        OrchestratorCommand command = parse(new OrchestratorCommand(), "--max-sweeps-in-flight", "0");
        assertThatThrownBy(() -> command.apiLimits.limits(command.home.home))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("--max-sweeps-in-flight");
    }

    private static <T> T parse(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
