package org.ranksweep.db.embedded;

import java.nio.file.Path;
import java.util.List;
import org.ranksweep.db.Database;
import org.ranksweep.db.sweep.JdbcSweepRepository;
import org.ranksweep.db.testing.SampleTrials;

/**
 * A separate JVM for the crash test: starts the persistent server on the directory in {@code args[0]}, stores a
 * sweep named {@code args[1]}, prints {@code READY} and waits to be killed.
 */
public final class ServerProcessMain {

    private ServerProcessMain() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
        try (Database database = Database.open(server.config())) {
            new JdbcSweepRepository(database).create(SampleTrials.sweep(args[1], List.of(), 1));
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
