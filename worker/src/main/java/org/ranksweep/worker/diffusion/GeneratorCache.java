package org.ranksweep.worker.diffusion;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.ranksweep.core.json.Json;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.train.Digests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base generators trained once per recipe and data, cached as {@code <artifacts>/generators/<key>.safetensors}
 * (every parameter, with the recipe, training seconds and final loss in the metadata); the key is the SHA-256 of
 * the recipe and the training images' digest. Not safe for two processes training the same key at once (the second
 * to finish replaces the first's file with an identical one).
 */
public final class GeneratorCache {

    /** A base generator and how it was obtained. */
    public record Generator(DiffusionTransformer model, GeneratorRecipe recipe, Path file, Map<String, String> facts) {}

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorCache.class);

    private final Path directory;

    public GeneratorCache(Path artifacts) {
        this.directory = artifacts.toAbsolutePath().normalize().resolve("generators");
    }

    /** The cache key: the recipe and the digest of the images it is trained on. */
    public static String key(GeneratorRecipe recipe, ImageSet seen) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("recipe", recipe);
        identity.put("init", "truncnormal-0.02-zero-head");
        identity.put("data", digest(seen));
        return Digests.sha256(Json.write(identity));
    }

    private static String digest(ImageSet images) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            images.digestInto(digest);
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The base generator of {@code recipe}: read from the cache, or trained on the images of {@code train} whose
     * label is below the recipe's seen classes, then cached.
     */
    public Generator obtain(
            GeneratorRecipe recipe, ImageSet train, NDManager manager, DiffusionTrainer.StepListener listener)
            throws IOException {
        int[] seenIndices = IntStream.range(0, train.size())
                .filter(index -> train.label(index) < recipe.seenClasses())
                .toArray();
        ImageSet seen = train.select(seenIndices);
        Path file = directory.resolve(key(recipe, seen) + ".safetensors");
        DiffusionTransformer model =
                DiffusionModels.create(recipe.shape(), AttentionAdapter.none(), manager, recipe.initSeed());
        if (Files.isRegularFile(file)) {
            LOG.info("Reusing base generator {}", file);
            return new Generator(
                    model,
                    recipe,
                    file,
                    ParameterFiles.read(file, model.getParameters().stream().toList()));
        }
        LOG.info("Training base generator on {} images of classes 0..{}", seen.size(), recipe.seenClasses() - 1);
        DiffusionTrainer.Record record = new DiffusionTrainer(model, recipe.noiseSchedule(), recipe.training())
                .train(
                        seen,
                        label -> Prompts.tokens(Prompts.classPrompt(label)),
                        model.getParameters().stream().toList(),
                        manager,
                        listener);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("recipe", Json.write(recipe));
        facts.put("images", Integer.toString(seen.size()));
        facts.put("trainingSeconds", String.format(java.util.Locale.ROOT, "%.1f", record.seconds()));
        facts.put("finalLoss", String.format(java.util.Locale.ROOT, "%.5f", record.finalLoss()));
        Files.createDirectories(directory);
        // Written aside and moved into place, so a reader of the cache never sees half a generator.
        Path staging = Files.createTempFile(directory, ".staging-", ".safetensors");
        try {
            ParameterFiles.write(staging, model.getParameters().stream().toList(), facts);
            Files.move(staging, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(staging);
        }
        LOG.info(
                "Base generator trained in {} s (final loss {}), cached as {}",
                facts.get("trainingSeconds"),
                facts.get("finalLoss"),
                file);
        return new Generator(model, recipe, file, facts);
    }
}
