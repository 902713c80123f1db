package org.ranksweep.worker.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.ranksweep.core.error.Failures;
import org.ranksweep.core.error.RankSweepException;
import org.ranksweep.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints in a directory (under the artifact directory, so on a cluster every worker sees them):
 * {@code epoch-NNNN.params} (the block's parameters, DJL format), {@code epoch-NNNN.optimizer} (the optimizer's
 * state, an encoded {@link NDList} of named arrays) and {@code checkpoint.json} naming the current pair with its
 * epoch, optimizer update count, epoch summaries and both files' SHA-256. All are written to temporary files and moved
 * into place atomically, the JSON last, so a reader sees the old checkpoint or the new one, never half of one. A
 * checkpoint saved without optimizer state (an empty list; or written before optimizer state was saved) has no
 * optimizer file and restores without it. Thread-safe.
 */
public final class DirectoryCheckpoints implements Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryCheckpoints.class);
    private static final String INDEX = "checkpoint.json";

    private final Path directory;

    public DirectoryCheckpoints(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** What {@code checkpoint.json} holds. */
    record Index(Saved saved, String paramsFile, String paramsSha256, String optimizerFile, String optimizerSha256) {}

    @Override
    public synchronized Optional<Restored> restore(Block model, NDManager manager) {
        Optional<Index> index = readIndex();
        if (index.isEmpty()) {
            return Optional.empty();
        }
        Path params = directory.resolve(index.get().paramsFile());
        Optional<NDList> optimizerState = Optional.empty();
        try {
            if (!Digests.matches(params, index.get().paramsSha256())) {
                setAside(params, "does not match the SHA-256 of its index");
                return Optional.empty();
            }
            if (index.get().optimizerFile() != null) {
                Path optimizer = directory.resolve(index.get().optimizerFile());
                if (!Digests.matches(optimizer, index.get().optimizerSha256())) {
                    setAside(optimizer, "does not match the SHA-256 of its index");
                    return Optional.empty();
                }
                try (InputStream in = new BufferedInputStream(Files.newInputStream(optimizer))) {
                    optimizerState = Optional.of(NDList.decode(manager, in));
                } catch (RuntimeException e) {
                    setAside(optimizer, "is unreadable (" + e + ")");
                    return Optional.empty();
                }
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
                model.loadParameters(manager, in);
            }
        } catch (IOException | MalformedModelException | UncheckedIOException e) {
            optimizerState.ifPresent(NDList::close);
            setAside(params, "is unreadable (" + e + ")");
            return Optional.empty();
        }
        // Loaded arrays record no gradients; training goes on from them.
        for (Pair<String, Parameter> entry : model.getParameters()) {
            if (entry.getValue().requiresGradient()) {
                entry.getValue().getArray().setRequiresGradient(true);
            }
        }
        LOG.info(
                "resuming from checkpoint {} after epoch {}",
                directory,
                index.get().saved().epoch());
        return Optional.of(new Restored(index.get().saved(), optimizerState));
    }

    /**
     * A checkpoint that cannot be trusted is kept for examination beside the checkpoint directory (which later saves
     * and {@link #clear} empty), never read again; training starts over.
     */
    private void setAside(Path params, String why) {
        try {
            Path aside = Files.exists(params)
                    ? Digests.setAside(
                            params, directory.resolveSibling(directory.getFileName() + "-" + params.getFileName()))
                    : params;
            Files.deleteIfExists(directory.resolve(INDEX));
            LOG.warn("checkpoint {} {}; set aside as {}, starting over", params, why, aside);
        } catch (IOException e) {
            LOG.warn("checkpoint {} {}; starting over (it could not be set aside: {})", params, why, e.toString());
        }
    }

    @Override
    public synchronized void save(Block model, NDList optimizerState, Saved saved) {
        try {
            Files.createDirectories(directory);
            String name = String.format("epoch-%04d.params", saved.epoch());
            String optimizer = String.format("epoch-%04d.optimizer", saved.epoch());
            Path staging = directory.resolve(".staging-" + UUID.randomUUID());
            try (DataOutputStream out =
                    new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(staging)))) {
                model.saveParameters(out);
            }
            Files.move(
                    staging,
                    directory.resolve(name),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            // No state (a model kept without an optimizer) means no file: an empty NDList does not decode.
            if (!optimizerState.isEmpty()) {
                Path optimizerStaging = directory.resolve(".staging-" + UUID.randomUUID());
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(optimizerStaging))) {
                    optimizerState.encode(out);
                }
                Files.move(
                        optimizerStaging,
                        directory.resolve(optimizer),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            Index index = optimizerState.isEmpty()
                    ? new Index(saved, name, Digests.sha256(directory.resolve(name)), null, null)
                    : new Index(
                            saved,
                            name,
                            Digests.sha256(directory.resolve(name)),
                            optimizer,
                            Digests.sha256(directory.resolve(optimizer)));
            Path indexStaging = directory.resolve(".staging-" + UUID.randomUUID());
            Files.writeString(indexStaging, Json.write(index), StandardCharsets.UTF_8);
            Files.move(
                    indexStaging,
                    directory.resolve(INDEX),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            deleteAllBut(optimizerState.isEmpty() ? new String[] {name} : new String[] {name, optimizer});
        } catch (IOException e) {
            throw new RankSweepException("cannot write checkpoint into " + directory + ": " + Failures.describe(e), e);
        }
    }

    @Override
    public synchronized void clear() {
        try {
            deleteAllBut();
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.warn("checkpoints in {} not removed: {}", directory, e.toString());
        }
    }

    private Optional<Index> readIndex() {
        try {
            return Optional.of(
                    Json.read(Files.readString(directory.resolve(INDEX), StandardCharsets.UTF_8), Index.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("checkpoint index in {} unreadable; starting over: {}", directory, e.toString());
            return Optional.empty();
        }
    }

    /** Deletes every file but those in {@code keep}, the index and staging files (everything when none is kept). */
    private void deleteAllBut(String... keep) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                String name = file.getFileName().toString();
                if (keep.length == 0
                        || (!List.of(keep).contains(name) && !name.equals(INDEX) && !name.startsWith(".staging-"))) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
