package org.ranksweep.orchestrator.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.db.Database;
import org.ranksweep.db.baseline.Baseline;
import org.ranksweep.db.baseline.JdbcBaselineRepository;
import org.ranksweep.db.testing.TestDatabases;
import org.ranksweep.orchestrator.testing.RunningOrchestrator;

class BaselineLoaderTest {

    private static Database database;
    private static JdbcBaselineRepository repository;

    @BeforeAll
    static void open() {
        database = TestDatabases.openNewDatabase("baseline-loader");
        repository = new JdbcBaselineRepository(database);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void loadingThePublishedBaselinesTwiceGivesTheSameRows() {
        int first = BaselineLoader.load(RunningOrchestrator.BASELINES, repository);
        List<Baseline> afterFirst = repository.list(null);
        int second = BaselineLoader.load(RunningOrchestrator.BASELINES, repository);

        assertThat(first).isEqualTo(13);
        assertThat(second).isZero();
        assertThat(repository.list(null)).containsExactlyElementsOf(afterFirst).hasSize(13);
    }

    @Test
    void papersUnitsBecomeCountsAndFractionsAndUnknownValuesStayNull() {
        List<Baseline> rows = BaselineLoader.read(RunningOrchestrator.BASELINES);
        Baseline gohsp = rows.stream()
                .filter(b -> b.method().equals("gohsp"))
                .findFirst()
                .orElseThrow();
        assertThat(gohsp.params()).isEqualTo(14_400_000L);
        assertThat(gohsp.macs()).isEqualTo(2_990_000_000L);
        assertThat(gohsp.top1()).isEqualTo(0.7998);
        assertThat(gohsp.model()).isEqualTo("deit-small");
        assertThat(gohsp.citation()).contains("GOHSP", "AAAI 2023");
        assertThat(gohsp.teacher()).isNull();
        assertThat(gohsp.epochs()).isNull();

        List<Baseline> comcat =
                rows.stream().filter(b -> b.method().equals("comcat")).toList();
        assertThat(comcat).extracting(Baseline::top1).containsExactlyInAnyOrder(0.7958, 0.8228);
        assertThat(comcat).allSatisfy(b -> {
            assertThat(b.params()).isNull();
            assertThat(b.macs()).isNull();
        });
    }

    @Test
    void everyPublishedRowKeepsItsCitationAndSourceCheckpoint() {
        assertThat(BaselineLoader.read(RunningOrchestrator.BASELINES)).allSatisfy(b -> {
            assertThat(b.citation()).isNotBlank();
            assertThat(b.sourceCheckpoint()).isNotBlank();
            assertThat(b.dataset()).isEqualTo("imagenet-1k");
        });
    }

    @Test
    void aBadFileIsRejectedNamingFileRowAndField(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("bad.yaml"), """
                citation: "Someone, 2024"
                dataset: imagenet-1k
                method: pruning
                results:
                  - {model: deit-small, top1Percent: 79.5}
                  - {model: deit-small, top1Percent: 179.5}
                """);
        Files.writeString(directory.resolve("typo.yaml"), """
                citation: "Someone else, 2024"
                datset: imagenet-1k
                results: [{model: deit-tiny}]
                """);
        assertThatThrownBy(() -> BaselineLoader.read(directory))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.problems())
                                .extracting(ValidationException.Problem::path)
                                .containsExactly("bad.yaml: results[1].top1", "typo.yaml: datset"));
    }
}
