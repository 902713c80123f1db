package org.ranksweep.core.method;

import java.util.List;
import java.util.Optional;
import org.ranksweep.core.error.ValidationException;

/**
 * The registry of compression methods: the one list of what a sweep may name. Adding a method means adding its class
 * to {@link #ALL}; the spec parser, the trial planner and the workers read everything else from it. Thread-safe
 * (immutable).
 */
public final class Methods {

    public static final CompressionMethod DENSE = new Dense();
    public static final CompressionMethod DENSE_FT = new DenseFt();
    public static final CompressionMethod COMCAT = new Comcat();
    public static final CompressionMethod COMCAT_AUTO = new ComcatAuto();
    public static final CompressionMethod SVD_MATRIX = new SvdMatrix();
    public static final CompressionMethod HEAD_PRUNE = new HeadPrune();

    /** Every method, in the order specs and help texts list them. */
    public static final List<CompressionMethod> ALL =
            List.of(DENSE, DENSE_FT, COMCAT, COMCAT_AUTO, SVD_MATRIX, HEAD_PRUNE);

    private Methods() {}

    public static Optional<CompressionMethod> find(String name) {
        return ALL.stream().filter(method -> method.name().equals(name)).findFirst();
    }

    /** The method named {@code name}; a problem at {@code method} listing the known names otherwise. */
    public static CompressionMethod require(String name) {
        return find(name)
                .orElseThrow(() -> ValidationException.of(
                        "method", "unknown method '" + name + "' (known: " + String.join(", ", names()) + ")"));
    }

    public static List<String> names() {
        return ALL.stream().map(CompressionMethod::name).toList();
    }
}
