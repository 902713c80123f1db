package org.ranksweep.worker.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.NotFoundException;
import org.ranksweep.core.error.RankSweepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the four Fashion-MNIST IDX files: in an explicit directory (which must exist), else in the first shared
 * directory that has them (Debian's {@code dataset-fashion-mnist} package), else in the cache directory, else by
 * downloading them from the dataset's canonical location into the cache. Thread-safe; concurrent downloads of the
 * same file are harmless (each writes a temporary file and moves it into place atomically).
 */
public final class FashionMnistFiles {

    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    /** The canonical source named by the dataset's authors. */
    public static final URI CANONICAL_SOURCE =
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
    private static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    private static final Logger LOG = LoggerFactory.getLogger(FashionMnistFiles.class);

    /** System property replacing {@link #DEBIAN_DIRECTORY} by a list of directories (separated by {@code ,}). */
    public static final String DIRECTORIES_PROPERTY = "ranksweep.fashion-mnist.directories";
    /** System property replacing {@link #CANONICAL_SOURCE} (a mirror, or an unreachable address in tests). */
    public static final String SOURCE_PROPERTY = "ranksweep.fashion-mnist.source";
    /** How to fix a missing dataset, appended to every message that says it is missing. */
    static final String FIXES = "install it with `sudo apt install dataset-fashion-mnist` (files under "
            + DEBIAN_DIRECTORY + ") or set `dataset.path` in the spec to a directory holding " + TRAIN_IMAGES + ", "
            + TRAIN_LABELS + ", " + TEST_IMAGES + " and " + TEST_LABELS;

    private final List<Path> sharedDirectories;
    private final Path cacheDirectory;
    private final boolean downloadAllowed;
    private final URI source;

    /**
     * @param sharedDirectories read-only directories searched after an explicit path, in order
     * @param cacheDirectory    where downloaded files live ({@code <cache>/fashion-mnist})
     * @param downloadAllowed   whether a missing dataset may be downloaded
     */
    public FashionMnistFiles(List<Path> sharedDirectories, Path cacheDirectory, boolean downloadAllowed) {
        this(sharedDirectories, cacheDirectory, downloadAllowed, CANONICAL_SOURCE);
    }

    /** As the three-argument constructor, downloading from {@code source} (a directory URL ending in /). */
    public FashionMnistFiles(List<Path> sharedDirectories, Path cacheDirectory, boolean downloadAllowed, URI source) {
        this.sharedDirectories = List.copyOf(sharedDirectories);
        this.cacheDirectory = cacheDirectory.resolve("fashion-mnist");
        this.downloadAllowed = downloadAllowed;
        this.source = source;
    }

    /**
     * Debian's directory, then {@code cacheDirectory}, then a download from the canonical source; the system
     * properties {@value #DIRECTORIES_PROPERTY} and {@value #SOURCE_PROPERTY} replace the directory and the source.
     */
    public static FashionMnistFiles withDefaults(Path cacheDirectory) {
        return withDefaults(cacheDirectory, true);
    }

    /** As {@link #withDefaults(Path)}; without {@code downloadAllowed} a missing dataset is reported, not fetched. */
    public static FashionMnistFiles withDefaults(Path cacheDirectory, boolean downloadAllowed) {
        String directories = System.getProperty(DIRECTORIES_PROPERTY);
        List<Path> shared = directories == null
                ? List.of(DEBIAN_DIRECTORY)
                : Arrays.stream(directories.split(","))
                        .filter(d -> !d.isBlank())
                        .map(Path::of)
                        .toList();
        String source = System.getProperty(SOURCE_PROPERTY);
        return new FashionMnistFiles(
                shared, cacheDirectory, downloadAllowed, source == null ? CANONICAL_SOURCE : URI.create(source));
    }

    /** The directory holding all four files; {@code explicitPath} (may be null) wins and must exist. */
    public Path locate(String explicitPath) {
        if (explicitPath != null) {
            Path directory = Path.of(explicitPath);
            if (!Files.isDirectory(directory)) {
                throw new NotFoundException("dataset.path: directory " + directory + " does not exist");
            }
            missingFile(directory).ifPresent(file -> {
                throw new NotFoundException("dataset.path: " + directory.resolve(file) + " does not exist or is not"
                        + " readable (the directory must hold the four Fashion-MNIST IDX .gz files)");
            });
            return directory;
        }
        for (Path directory : sharedDirectories) {
            if (missingFile(directory).isEmpty()) {
                return directory;
            }
        }
        if (missingFile(cacheDirectory).isEmpty()) {
            return cacheDirectory;
        }
        if (!downloadAllowed) {
            throw new NotFoundException("fashion-mnist: the dataset is not on this machine (no IDX files in "
                    + sharedDirectories + " or " + cacheDirectory + ") and downloading is off; " + FIXES);
        }
        download();
        return cacheDirectory;
    }

    private static Optional<String> missingFile(Path directory) {
        return FILES.stream()
                .filter(file ->
                        !Files.isRegularFile(directory.resolve(file)) || !Files.isReadable(directory.resolve(file)))
                .findFirst();
    }

    private void download() {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        try {
            Files.createDirectories(cacheDirectory);
            for (String file : FILES) {
                Path target = cacheDirectory.resolve(file);
                if (!Files.isRegularFile(target)) {
                    fetch(client, source.resolve(file), target);
                }
            }
        } catch (IOException e) {
            throw new RankSweepException(
                    "fashion-mnist: the dataset is not on this machine (no IDX files in " + sharedDirectories + " or "
                            + cacheDirectory + ") and downloading it from " + source + " failed ("
                            + Failures.typeAndMessage(e) + "); " + FIXES,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RankSweepException("fashion-mnist: download into " + cacheDirectory + " was interrupted", e);
        }
    }

    private static void fetch(HttpClient client, URI source, Path target) throws IOException, InterruptedException {
        LOG.info("Downloading {} to {}", source, target);
        HttpRequest request = HttpRequest.newBuilder(source)
                .timeout(Duration.ofMinutes(5))
                .GET()
                .build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException(source + " answered HTTP " + response.statusCode());
        }
        Path temporary =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try (InputStream body = response.body()) {
            Files.copy(body, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
