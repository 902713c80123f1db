package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.cost.BudgetAllocator;
import org.ranksweep.core.cost.ModelCost;
import org.ranksweep.core.model.ModelCatalog;

class ValidateCommandTest {

    private static final Path QUICKSTART = Path.of("..", "experiments", "quickstart.yaml");

    @Test
    void quickstartIsValidAndItsPlanCountsEveryTrial() {
        Captured run = run("validate", QUICKSTART.toString());
        assertThat(run.exit).isZero();
        // Nine compressed trials, dense and the dense-ft control the planner adds.
        assertThat(run.out)
                .contains("dense")
                .contains("comcat")
                .contains("svd-matrix")
                .contains("head-prune")
                .containsPattern("dense-ft\\s+1 trials")
                .containsPattern("total\\s+11 trials");
    }

    @Test
    void aSpecWithASchedulerShowsItsRungsAndObjectives(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("asha.yaml");
        Files.writeString(
                spec,
                Files.readString(QUICKSTART).replace("  - {name: dense}\n", "").replace("  epochs: 1\n", "")
                        + "\nscheduler: {algorithm: hyperband, min: 1, max: 4, eta: 2}\n"
                        + "objectives: [{metric: top1, goal: max}, {metric: macs, goal: min}]\n"
                        + "constraints: [\"params <= 200000\"]\n");
        Captured run = run("validate", spec.toString());
        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.out)
                .contains("Successive halving: hyperband over finetune.epochs, rungs at [1, 2, 4] epochs (eta 2);"
                        + " ranked by [top1 max, macs min], subject to [params <= 200000.0]");
    }

    @Test
    void aRankSpaceShowsEveryDrawnVectorWithItsParametersWithinTheCapAndTheWarmStartsPoint() {
        Captured run = run(
                "validate",
                Path.of("..", "experiments", "fmnist-rankspace.yaml").toString());
        assertThat(run.exit).as(run.err).isZero();
        long cap = ModelCost.of(BudgetAllocator.comcat(ModelCatalog.VIT_TINY_FMNIST, 0.5))
                .params();
        assertThat(run.out)
                .containsPattern("comcat-space#5\\s+1 trials")
                .contains("Rank vectors of comcat-space (seed 0), each within " + cap
                        + " params (uniform comcat at budget 0.5):");
        Matcher vector = Pattern.compile("comcat-space#\\d\\s+qk \\[[\\d, ]+] vo \\[[\\d, ]+]\\s+(\\d+) params")
                .matcher(run.out);
        int vectors = 0;
        while (vector.find()) {
            assertThat(Long.parseLong(vector.group(1))).isLessThanOrEqualTo(cap);
            vectors++;
        }
        assertThat(vectors).isEqualTo(6);
        assertThat(run.out)
                .containsPattern("comcat-space#spectrum\\s+1 trials")
                .containsPattern("comcat-space#spectrum\\s+chosen on the worker from the trained base model's"
                        + " spectrum \\(ranks proportional to each layer's energy\\), within the same cap");
    }

    @Test
    void unknownTopLevelKeyExitsTwoNamingTheKey(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, Files.readString(QUICKSTART) + "\nbogus_key: 1\n");
        Captured run = run("validate", spec.toString());
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("bogus_key");
    }

    @Test
    void missingSpecFileExitsTwoNamingTheFile() {
        Captured run = run("validate", "no/such/spec.yaml");
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("no/such/spec.yaml");
    }

    @Test
    void exportToAnUnknownFormatExitsTwoNamingTheOption() {
        Captured run = run("export", "--trial", "1", "--format", "onnx", "--out", "x.onnx");
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("--format").contains("onnx");
    }

    @Test
    void helpListsEveryCommand() {
        Captured run = run("--help");
        assertThat(run.exit).isZero();
        assertThat(run.out)
                .contains("local", "orchestrator", "worker", "submit", "status", "report", "export", "validate");
    }

    @Test
    void theShippedWorkerHasNoSyntheticExecutor() {
        Captured help = run("worker", "--help");
        assertThat(help.exit).isZero();
        assertThat(help.out)
                .contains("--slots")
                .doesNotContainIgnoringCase("noop")
                .doesNotContain("--executor");

        Captured run = run("worker", "--executor", "noop");
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("Unknown option").contains("--executor");
    }

    record Captured(int exit, String out, String err) {}

    static Captured run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.execute(args);
            return new Captured(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
