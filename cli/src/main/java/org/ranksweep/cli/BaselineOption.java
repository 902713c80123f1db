package org.ranksweep.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ranksweep.db.Database;
import org.ranksweep.db.baseline.JdbcBaselineRepository;
import org.ranksweep.orchestrator.baseline.BaselineLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Where the published baseline rows come from; they are loaded into the database idempotently at start-up. */
final class BaselineOption {

    private static final Logger LOG = LoggerFactory.getLogger(BaselineOption.class);

    @Option(
            names = "--baselines",
            defaultValue = "experiments/baselines",
            description = "directory of published baseline YAML files (default: ${DEFAULT-VALUE}; skipped when absent)")
    Path directory;

    void load(Database database) {
        if (!Files.isDirectory(directory)) {
            LOG.info("no baselines directory at {}; the dashboard shows no published rows", directory.toAbsolutePath());
            return;
        }
        int changed = BaselineLoader.load(directory, new JdbcBaselineRepository(database));
        LOG.info("baselines from {}: {} rows inserted or changed", directory, changed);
    }
}
