package org.ranksweep.worker.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;

/** A missing Fashion-MNIST says what is missing, why the download failed, and the two fixes; no network used. */
class FashionMnistFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFailedDownloadNamesTheCauseAndBothFixesNeverNull() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        URI unreachable = URI.create("http://127.0.0.1:" + closedPort() + "/");
        FashionMnistFiles files = new FashionMnistFiles(List.of(shared), dir.resolve("cache"), true, unreachable);

        assertThatThrownBy(() -> files.locate(null))
                .isInstanceOf(RankSweepException.class)
                .hasMessageContaining("not on this machine")
                .hasMessageContaining(shared.toString())
                .hasMessageContaining("downloading it from " + unreachable + " failed (ConnectException")
                .hasMessageContaining("sudo apt install dataset-fashion-mnist")
                .hasMessageContaining("set `dataset.path` in the spec")
                .hasMessageNotContaining("null");
    }

    @Test
    void withDownloadsOffTheMessageStillSaysHowToFixIt() {
        FashionMnistFiles files = new FashionMnistFiles(List.of(dir), dir.resolve("cache"), false);

        assertThatThrownBy(() -> files.locate(null))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("downloading is off")
                .hasMessageContaining("sudo apt install dataset-fashion-mnist");
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
