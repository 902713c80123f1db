package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.orchestrator.http.ApiAccess;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

/** {@code ranksweep submit} and {@code status} against a running orchestrator that requires a token. */
class SubmitAndStatusCommandTest {

    private static final String TOKEN = "cli-test-token";
    private static RunningOrchestrator running;
    private static String server;

    @BeforeAll
    static void start() {
        running =
                RunningOrchestrator.start("cli-submit", 5981, database -> {}, ApiAccess.forBinding("127.0.0.1", TOKEN));
        server = running.base().toString();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void submitPrintsTheNewSweepAndStatusListsItWithItsTrials() {
        ValidateCommandTest.Captured submitted = ValidateCommandTest.run(
                "submit", "../experiments/quickstart.yaml", "--server", server, "--token", TOKEN, "--rerun");
        assertThat(submitted.exit()).as(submitted.err()).isZero();
        assertThat(submitted.out()).containsPattern("submitted sweep (\\d+) 'quickstart' with 11 trials");
        String sweepId = submitted.out().replaceAll("(?s).*submitted sweep (\\d+).*", "$1");

        ValidateCommandTest.Captured list = ValidateCommandTest.run("status", "--server", server);
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("quickstart").contains("RUNNING");

        ValidateCommandTest.Captured one = ValidateCommandTest.run("status", sweepId, "--server", server);
        assertThat(one.exit()).isZero();
        assertThat(one.out()).contains("comcat").contains("head-prune").contains("QUEUED");
    }

    @Test
    void submitWithoutTheTokenFailsAndSaysWhy() {
        ValidateCommandTest.Captured run =
                ValidateCommandTest.run("submit", "../experiments/quickstart.yaml", "--server", server);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("401").contains("Bearer");
    }

    @Test
    void invalidSpecIsRejectedByTheServerWithEveryProblem(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(
                spec,
                Files.readString(Path.of("../experiments/quickstart.yaml"))
                        .replace(
                                "budget: [0.5, 0.25, 0.125]}\n  - {name: svd-matrix",
                                "budget: [1.5]}\n  - {name: svd-matrix"));
        ValidateCommandTest.Captured run =
                ValidateCommandTest.run("submit", spec.toString(), "--server", server, "--token", TOKEN);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("methods[1].budget[0]");
    }

    @Test
    void unreachableServerIsAClearError() {
        ValidateCommandTest.Captured run = ValidateCommandTest.run("status", "--server", "http://127.0.0.1:1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach the orchestrator");
    }
}
