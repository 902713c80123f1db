package org.ranksweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.cli.ValidateCommandTest.Captured;
import org.ranksweep.worker.data.FashionMnistFiles;
import org.ranksweep.worker.model.EngineFacts;
import org.ranksweep.worker.model.TorchRuntime;

/**
 * {@code ranksweep doctor} on this machine: the engine as really loaded, a real embedded PostgreSQL started and
 * stopped, the Debian dataset; and the two things a user can ask for that cannot work here — a GPU with the CPU
 * build of libtorch (which the test class path carries), and a database that is not there.
 */
class DoctorCommandTest {

    @Test
    void reportsTheEngineAsLoadedTheDatabaseAndTheDatasetAndIsReady(@TempDir Path home) {
        Captured run = ValidateCommandTest.run("doctor", "--home", home.toString(), "--threads", "1");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        EngineFacts facts = EngineFacts.current();
        assertThat(facts.libraries()).anyMatch(library -> library.contains("libtorch_cpu"));
        assertThat(run.out())
                .containsPattern("engine +OK +PyTorch 2\\.7\\.1 via DJL "
                        + facts.djlVersion().replace(".", "\\."))
                .contains("libtorch in /")
                .containsPattern("threads +OK +1 per operator \\(1 slot on \\d+ CPUs\\)")
                .containsPattern("database +OK +embedded PostgreSQL 17\\.")
                .contains(home.resolve("postgres").toString())
                .containsPattern("dataset +OK +fashion-mnist in " + FashionMnistFiles.DEBIAN_DIRECTORY)
                .contains("doctor: ready");
    }

    @Test
    void aGpuAskedForOnTheCpuBuildFailsWithTheWayToGetOne(@TempDir Path home) {
        assertThat(TorchRuntime.gpuCount())
                .as("the test class path carries the CPU build of libtorch")
                .isZero();

        Captured run = ValidateCommandTest.run("doctor", "--home", home.toString(), "--device", "gpu");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("devices +FAIL +--device gpu asked for, but no CUDA device is usable")
                .contains("PYTORCH_LIBRARY_PATH")
                .contains("doctor: something you asked for cannot work here");
    }

    @Test
    void aDatabaseThatIsNotThereFailsNamingTheUrl(@TempDir Path home) {
        String url = "jdbc:postgresql://127.0.0.1:1/ranksweep";

        Captured run = ValidateCommandTest.run("doctor", "--home", home.toString(), "--db-url", url);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).containsPattern("database +FAIL +" + url.replace(".", "\\.") + " cannot be used: ");
        assertThat(run.out()).doesNotContain(": null");
    }
}
