package org.ranksweep.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.error.ValidationException;

class DatabaseConfigTest {

    @Test
    void rejectsNonPostgresUrlEmptyUserAndEmptyPool() {
        assertThatThrownBy(() -> new DatabaseConfig("jdbc:mysql://x/y", " ", null, 0))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).problems())
                        .extracting(ValidationException.Problem::path)
                        .containsExactly("database.url", "database.user", "database.maxPoolSize"));
    }

    @Test
    void rejectsAConnectionTimeoutShorterThanHikariAccepts() {
        DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://db/ranksweep", "rs", null, 1);

        assertThat(config.connectionTimeout()).isEqualTo(DatabaseConfig.DEFAULT_CONNECTION_TIMEOUT);
        assertThat(config.withConnectionTimeout(Duration.ofSeconds(2)).connectionTimeout())
                .isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> config.withConnectionTimeout(Duration.ofMillis(100)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("database.connectionTimeout")
                .hasMessageContaining("PT0.1S");
    }

    @Test
    void toStringNeverShowsThePassword() {
        DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://db/ranksweep", "rs", "s3cret", 4);

        assertThat(config.toString()).contains("jdbc:postgresql://db/ranksweep").doesNotContain("s3cret");
        assertThat(config.withMaxPoolSize(9).maxPoolSize()).isEqualTo(9);
    }

    @Test
    void openingAnUnreachableDatabaseNamesItsUrl() {
        DatabaseConfig unreachable = new DatabaseConfig("jdbc:postgresql://127.0.0.1:1/ranksweep", "rs", null, 1);

        assertThatThrownBy(() -> Database.open(unreachable))
                .isInstanceOf(RankSweepException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/ranksweep");
    }
}
