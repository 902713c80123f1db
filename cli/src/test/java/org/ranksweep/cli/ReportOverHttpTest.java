package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

/** {@code ranksweep report} reading the orchestrator's HTTP API gives the table it gives from PostgreSQL. */
class ReportOverHttpTest {

    private static final String SWEEP_NAME = "deit-small-over-http";
    private static RunningOrchestrator running;

    @BeforeAll
    static void start() {
        running = RunningOrchestrator.start("cli-report", 5987, database -> ReportFixture.seed(database, SWEEP_NAME));
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void tableByNameOverHttpPairsRowsAsFromTheDatabase() {
        ValidateCommandTest.Captured run = ValidateCommandTest.run(
                "report",
                "--table",
                SWEEP_NAME,
                "--format",
                "md",
                "--server",
                running.base().toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("'" + SWEEP_NAME + "'");
        ReportCommandTest.assertMarkdown(run.out());
    }
}
