package org.ranksweep.cli;

import java.nio.file.Path;
import org.ranksweep.core.error.ValidationException.Problem;
import org.ranksweep.core.spec.SpecParser;
import org.ranksweep.core.spec.SpecParser.ParsedSpec;
import org.ranksweep.core.spec.SweepSpec;

/** Reads a spec file for a command, telling the user on standard error how to modernise what still parses. */
final class SpecFiles {

    private SpecFiles() {}

    /** The parsed spec; each warning (a deprecated key) is printed as {@code FILE: warning: PATH: message}. */
    static SweepSpec read(Path file) {
        ParsedSpec parsed = new SpecParser().read(file);
        for (Problem warning : parsed.warnings()) {
            System.err.println(file + ": warning: " + warning);
        }
        return parsed.spec();
    }
}
