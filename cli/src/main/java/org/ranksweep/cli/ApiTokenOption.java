package org.ranksweep.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ranksweep.core.error.NotFoundException;
import picocli.CommandLine.Option;

/** The bearer token mutating API requests must carry; required when the API listens beyond loopback. */
final class ApiTokenOption {

    @Option(
            names = "--api-token",
            description = {
                "bearer token for submit and cancel (or RANKSWEEP_API_TOKEN);",
                "required when --host is not a loopback address"
            })
    String token;

    @Option(names = "--api-token-file", paramLabel = "FILE", description = "read the bearer token from a file instead")
    Path file;

    /** The configured token, or null when none is. */
    String token() throws IOException {
        if (token != null && !token.isBlank()) {
            return token;
        }
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            throw new NotFoundException("--api-token-file: " + file + " does not exist");
        }
    }
}
