package org.ranksweep.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** RankSweep's home directory: embedded database, artifacts, dataset cache. */
final class HomeOption {

    @Option(
            names = "--home",
            defaultValue = "${sys:user.home}/.ranksweep",
            description = "where the embedded database, artifacts and dataset cache live (default: ${DEFAULT-VALUE})")
    Path home;

    Path artifacts() {
        return home.resolve("artifacts");
    }

    Path datasets() {
        return home.resolve("datasets");
    }
}
