package org.ranksweep.db.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks Testcontainers whether Docker is reachable, tolerating its absence from the classpath. */
final class DockerProbe {

    private static final Logger LOG = LoggerFactory.getLogger(DockerProbe.class);

    private DockerProbe() {}

    static boolean dockerAvailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, DockerProbe.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            LOG.info("Testcontainers is not on the test classpath");
            return false;
        }
        return Probe.available();
    }

    /** Separate class so the Testcontainers types resolve only after the presence check. */
    private static final class Probe {
        static boolean available() {
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                LOG.info("Docker probe failed: {}", e.toString());
                return false;
            }
        }
    }
}
