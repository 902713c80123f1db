package org.ranksweep.orchestrator.baseline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;
import org.ranksweep.db.baseline.Baseline;
import org.ranksweep.db.baseline.JdbcBaselineRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the published baselines of a directory ({@code experiments/baselines/*.yaml}) and stores them through
 * {@link JdbcBaselineRepository#upsert}, so loading the same files again changes nothing. Unknown values stay null:
 * a row without {@code paramsM} is stored without parameters, never with a guess. Stateless, thread-safe.
 */
public final class BaselineLoader {

    private static final Logger LOG = LoggerFactory.getLogger(BaselineLoader.class);
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private BaselineLoader() {}

    /**
     * Reads every {@code *.yaml} file of the directory (in name order) and upserts the rows in one transaction.
     * Call it at start-up; a second call with unchanged files stores nothing new.
     *
     * @return how many rows were inserted or changed
     * @throws NotFoundException   when the directory does not exist
     * @throws ValidationException naming file, row and field of every bad value; nothing is stored then
     */
    public static int load(Path directory, JdbcBaselineRepository repository) {
        List<Baseline> baselines = read(directory);
        int changed = repository.upsert(baselines);
        LOG.info("Baselines from {}: {} rows, {} inserted or changed", directory, baselines.size(), changed);
        return changed;
    }

    /** Reads every {@code *.yaml} file of the directory, in name order, into baselines. */
    public static List<Baseline> read(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new NotFoundException("baselines directory " + directory + " does not exist");
        }
        List<Baseline> baselines = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path file : yamlFiles(directory)) {
            try {
                baselines.addAll(rows(file, parse(file)));
            } catch (ValidationException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return baselines;
    }

    private static List<Path> yamlFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new RankSweepException(
                    "cannot list baselines directory " + directory + ": " + Failures.describe(e), e);
        }
    }

    private static BaselineFile parse(Path file) {
        try {
            BaselineFile parsed = YAML.readValue(file.toFile(), BaselineFile.class);
            if (parsed == null || parsed.results() == null || parsed.results().isEmpty()) {
                throw problem(file, "results", "must list at least one published result");
            }
            return parsed;
        } catch (JsonMappingException e) {
            throw problem(
                    file, path(e), e.getOriginalMessage().lines().findFirst().orElse("unreadable"));
        } catch (IOException e) {
            throw problem(
                    file,
                    "",
                    "unreadable YAML: "
                            + Failures.describe(e).lines().findFirst().orElse(""));
        }
    }

    private static List<Baseline> rows(Path file, BaselineFile shared) {
        List<Baseline> rows = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int index = 0; index < shared.results().size(); index++) {
            try {
                rows.add(baseline(shared, shared.results().get(index)));
            } catch (ValidationException e) {
                for (Problem p : e.problems()) {
                    problems.add(new Problem(file.getFileName() + ": results[" + index + "]." + p.path(), p.message()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return rows;
    }

    private static Baseline baseline(BaselineFile shared, BaselineFile.Row row) {
        return new Baseline(
                either(row.model(), shared.model()),
                either(row.dataset(), shared.dataset()),
                either(row.method(), shared.method()),
                scaled(row.paramsM(), 6, "paramsM"),
                scaled(row.macsG(), 9, "macsG"),
                fraction(row.top1Percent()),
                either(row.citation(), shared.citation()),
                either(row.sourceCheckpoint(), shared.sourceCheckpoint()),
                either(row.teacher(), shared.teacher()),
                either(row.epochs(), shared.epochs()),
                either(row.flopConvention(), shared.flopConvention()),
                either(row.notes(), shared.notes()));
    }

    private static <T> T either(T own, T shared) {
        return own != null ? own : shared;
    }

    /** Millions or billions as written, to an exact count; more decimals than the unit allows is an error. */
    private static Long scaled(BigDecimal value, int exponent, String field) {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0) {
            throw ValidationException.of(field, "must not be negative, was " + value);
        }
        try {
            return value.movePointRight(exponent).longValueExact();
        } catch (ArithmeticException e) {
            throw ValidationException.of(field, value + " has more digits than a count");
        }
    }

    private static Double fraction(BigDecimal percent) {
        return percent == null ? null : percent.movePointLeft(2).doubleValue();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static ValidationException problem(Path file, String path, String message) {
        String where = path.isEmpty() ? file.getFileName().toString() : file.getFileName() + ": " + path;
        return ValidationException.of(where, message);
    }
}
