package org.ranksweep.orchestrator.http;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.error.ValidationException.Problem;
import org.ranksweep.core.spec.SweepSpec;

/**
 * The directories a spec submitted over HTTP may name files under. The rule is lexical, because the orchestrator
 * checks while the files live on the worker hosts: a path must be absolute and, after normalisation (so
 * {@code ..} cannot climb out), start with one of the roots. Symlinks are not resolved: a link an operator places
 * inside a root grants its target. A refusal names the field and the roots and never says whether anything exists
 * at the path. Thread-safe (immutable).
 */
public final class PathRoots {

    /** Debian's dataset packages install here ({@code dataset-fashion-mnist}: {@code fashion-mnist/}). */
    public static final Path DEBIAN_DATASETS = Path.of("/usr/share/datasets");

    private final List<Path> roots;

    private PathRoots(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /**
     * Roots as configured; each must be absolute.
     *
     * @throws ValidationException naming {@code --data-root} when none is given or one is relative
     */
    public static PathRoots of(List<Path> roots) {
        if (roots.isEmpty()) {
            throw ValidationException.of("--data-root", "give at least one directory");
        }
        for (Path root : roots) {
            if (!root.isAbsolute()) {
                throw ValidationException.of("--data-root", "must be an absolute directory, was '" + root + "'");
            }
        }
        return new PathRoots(roots.stream().map(Path::normalize).distinct().toList());
    }

    /** {@code <home>/data}, {@code <home>/datasets} (the dataset cache), {@code <home>/artifacts} and Debian's. */
    public static List<Path> defaults(Path home) {
        Path absolute = home.toAbsolutePath().normalize();
        return List.of(
                absolute.resolve("data"), absolute.resolve("datasets"), absolute.resolve("artifacts"), DEBIAN_DATASETS);
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * Checks every path-valued field of the spec.
     *
     * @throws ValidationException with one problem per field outside the roots, each at the field's path
     */
    public void check(SweepSpec spec) {
        List<Problem> problems = new ArrayList<>();
        pathFields(spec).forEach((field, value) -> {
            if (!allows(value)) {
                problems.add(new Problem(
                        field,
                        "must be an absolute path under one of the data roots " + describeRoots()
                                + " (the orchestrator's --data-root); was '" + value + "'"));
            }
        });
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    /** Whether the path, read lexically, lies under a root. */
    boolean allows(String value) {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            return false;
        }
        if (!path.isAbsolute()) {
            return false;
        }
        Path normalised = path.normalize();
        return roots.stream().anyMatch(normalised::startsWith);
    }

    /** Every field of a spec that names a server-side file, by its spec path. */
    static Map<String, String> pathFields(SweepSpec spec) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (spec.dataset().path() != null) {
            fields.put("dataset.path", spec.dataset().path());
        }
        if (spec.model().base().file() != null) {
            fields.put("model.base.file", spec.model().base().file());
        }
        return fields;
    }

    private String describeRoots() {
        return roots.stream().map(Path::toString).collect(Collectors.joining(", "));
    }
}
