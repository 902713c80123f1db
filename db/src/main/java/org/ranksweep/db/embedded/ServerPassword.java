package org.ranksweep.db.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Set;
import javax.sql.DataSource;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.RankSweepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server's superuser password and client authentication. zonky's {@code initdb} trusts every local
 * connection; RankSweep replaces that with a generated password checked by {@code scram-sha-256}: the password
 * lives in {@code <data directory>/ranksweep.password} (owner read/write only, kept with the cluster it belongs
 * to), {@code pg_hba.conf} admits password logins only, and the server listens on loopback only. A cluster that
 * still trusts (new, or created before RankSweep set a password) gets the password once, on its first start:
 * {@link #secure} sets it and then switches {@code pg_hba.conf}. Stateless apart from the files; thread-safe.
 */
final class ServerPassword {

    static final String FILE_NAME = "ranksweep.password";
    /** First line of a {@code pg_hba.conf} RankSweep wrote: the password is set in the cluster. */
    static final String HBA_MARKER = "# RankSweep: passwords only (scram-sha-256), on loopback only";

    private static final Logger LOG = LoggerFactory.getLogger(ServerPassword.class);
    private static final String HBA = HBA_MARKER + "\n"
            + "# The superuser's password is in " + FILE_NAME + " next to this file.\n"
            + "local all all scram-sha-256\n"
            + "host all all 127.0.0.1/32 scram-sha-256\n"
            + "host all all ::1/128 scram-sha-256\n";
    private static final int PASSWORD_BYTES = 24;

    private ServerPassword() {}

    /** The password kept for {@code dataDirectory}, or a new random one when there is none yet. */
    static String readOrGenerate(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the embedded PostgreSQL password file " + file, e);
            }
        }
        if (isSecured(dataDirectory)) {
            throw new RankSweepException("embedded PostgreSQL in " + dataDirectory + " requires a password but its"
                    + " password file " + file + " is missing; restore the file, or remove " + dataDirectory
                    + " to start with an empty database");
        }
        byte[] random = new byte[PASSWORD_BYTES];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * Writes the password file (mode 0600) unless it exists; called once the data directory is initialised, since
     * {@code initdb} wants an empty directory.
     */
    static void keep(Path dataDirectory, String password) {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return;
        }
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            Path temporary = Files.createTempFile(
                    dataDirectory, FILE_NAME, ".new", PosixFilePermissions.asFileAttribute(ownerOnly));
            Files.writeString(temporary, password + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the embedded PostgreSQL password file " + file, e);
        }
    }

    /** Whether the cluster's {@code pg_hba.conf} is RankSweep's, i.e. the password is already set. */
    static boolean isSecured(Path dataDirectory) {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        try {
            return Files.isRegularFile(hba)
                    && Files.readString(hba, StandardCharsets.UTF_8).startsWith(HBA_MARKER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + hba, e);
        }
    }

    /**
     * On a cluster that still trusts local connections: sets the superuser's password, then admits password logins
     * only and reloads the configuration. Does nothing on a secured cluster.
     */
    static void secure(Path dataDirectory, DataSource superuser, String user, String password) {
        if (isSecured(dataDirectory)) {
            return;
        }
        try (Connection connection = superuser.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            // The password is hex, so the literal needs no escaping; ALTER ROLE takes no bind parameters.
            statement.execute("ALTER ROLE " + user + " PASSWORD '" + password + "'");
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new RankSweepException(
                    "cannot set the password of embedded PostgreSQL in " + dataDirectory + ": " + Failures.describe(e),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dataDirectory.resolve("pg_hba.conf"), e);
        }
        LOG.info("Embedded PostgreSQL in {} now requires the password kept in {}", dataDirectory, FILE_NAME);
    }
}
