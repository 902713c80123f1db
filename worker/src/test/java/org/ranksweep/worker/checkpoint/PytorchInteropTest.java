package org.ranksweep.worker.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ranksweep.core.cost.DenseBlock;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.MatrixLevelBlock;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.BaseSpec;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.FinetuneSpec;
import org.ranksweep.core.spec.ModelSpec;
import org.ranksweep.core.spec.RankSpec;
import org.ranksweep.core.spec.TrainRecipe;
import org.ranksweep.core.trial.TrialConfig;
import org.ranksweep.core.trial.TrialResult;
import org.ranksweep.worker.data.Batches;
import org.ranksweep.worker.data.DatasetLoader;
import org.ranksweep.worker.data.ImageSet;
import org.ranksweep.worker.data.Normalization;
import org.ranksweep.worker.data.Preprocessing;
import org.ranksweep.worker.data.SplitDataset;
import org.ranksweep.worker.model.TorchRuntime;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.run.TrialListener;
import org.ranksweep.worker.run.TrialRunner;
import org.ranksweep.worker.run.WorkerSettings;
import org.ranksweep.worker.train.CancellationFlag;

/**
 * Models trained by RankSweep on Fashion-MNIST (dense, comcat with factorised MLP and classifier, svd-matrix,
 * head-prune) are exported as {@code ranksweep export} does and evaluated by PyTorch alone: Debian's
 * {@code /usr/bin/python3} runs {@code tools/python/check_export.py}, which builds the model with
 * {@code ranksweep_torch.py}, preprocesses the raw test images with the {@code config.json} beside the export, and
 * must reproduce the logits of RankSweep's own forward pass on the trial's model.
 */
class PytorchInteropTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Maven runs a module's tests in the module directory; the repository root is its parent. */
    private static final Path CHECK_SCRIPT =
            Path.of("..", "tools", "python", "check_export.py").toAbsolutePath().normalize();

    private static final double TOLERANCE = 1e-4;
    private static final int IMAGES = 64;
    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST;
    private static final DatasetSpec DATASET = new DatasetSpec("fashion-mnist", null, 64, 512, IMAGES, "none");
    private static final ModelSpec MODEL =
            new ModelSpec(TINY.name(), new BaseSpec(new TrainRecipe(1, 2e-3, 64, 0.05), null));
    private static final FinetuneSpec FINETUNE = new FinetuneSpec(1, 1e-3, 1e-5, 64, 0.05, null, null);

    @TempDir
    static Path directory;

    private static TrialRunner runner;
    private static SplitDataset data;

    @BeforeAll
    static void pythonWithTorchAndARunner() throws Exception {
        String probe = python(List.of("-c", "import torch, numpy; print(torch.__version__)"));
        assertThat(probe).as("torch in " + PYTHON).isNotNull();
        runner = new TrialRunner(new WorkerSettings(directory, directory.resolve("datasets"), 2));
        data = DatasetLoader.withDefaults(directory.resolve("datasets")).load(DATASET);
    }

    @AfterAll
    static void close() {
        runner.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dense", "comcat", "svd-matrix", "head-prune"})
    void pytorchReproducesTheLogitsOfATrainedAndExportedModel(String method) throws Exception {
        TrialResult result = runner.run(config(method), TrialListener.none(), CancellationFlag.never());
        Path trial = Path.of(result.artifactPath());
        Path export =
                Files.createDirectories(directory.resolve("export-" + method)).resolve("model.safetensors");
        TrialExport.export(trial, export, Map.of("ranksweep.method", method));

        comparePytorch(method + " (Fashion-MNIST test images)", export, data.test(), rankSweepLogits(trial));
        JsonNode config = Json.mapper().readTree(Files.readString(export.resolveSibling("config.json")));
        assertThat(config.at("/pretrained_cfg/mean/0").asDouble())
                .isEqualTo(data.normalization().mean(0));
        assertThat(config.at("/pretrained_cfg/std/0").asDouble())
                .isEqualTo(data.normalization().std(0));
    }

    /**
     * Every block form at once (head-level with factorised fc1, matrix-level with factorised fc2, no heads left, dense)
     * with every parameter random, on RGB images normalised per channel; the export has no config.json, so the
     * script takes the preprocessing from the metadata.
     */
    @Test
    void everyBlockFormWithRandomParametersMatchesFromTheMetadataAlone() throws Exception {
        VitShape shape = new VitShape("mini-deit", 32, 3, 8, 48, 4, 3, 4, 10);
        ModelPlan plan = new ModelPlan(
                shape,
                List.of(
                        new HeadLevelBlock(3, 5, 7, null, 9, null),
                        new MatrixLevelBlock(6, 8, 10, 12, null, 6),
                        HeadLevelBlock.kept(List.of(), 16),
                        new DenseBlock()),
                4);
        Preprocessing preprocessing = Preprocessing.of(Normalization.IMAGENET, 3, 32, 32, null);
        byte[] pixels = new byte[IMAGES * 3 * 32 * 32];
        new SplittableRandom(7).nextBytes(pixels);
        ImageSet images = new ImageSet(pixels, new int[IMAGES], 3, 32, 32);
        Path export = Files.createDirectories(directory.resolve("random")).resolve("random.safetensors");
        float[][] expected;
        try (Model model = CheckpointImportTestAccess.randomised(VitFactory.create("random", plan, 1), 3)) {
            Map<String, String> metadata = Map.of(
                    CheckpointExport.PRETRAINED_CONFIG_KEY,
                    Json.write(ExportConfig.pretrainedConfig(shape, preprocessing)));
            CheckpointExport.write(model, plan, Map.of(), metadata, export);
            expected = logits(model, images, Normalization.IMAGENET);
        }
        comparePytorch("every block form, random parameters", export, images, expected);
    }

    /** Prints the largest logit difference of PyTorch from {@code expected}; fails beyond tolerance or on another top-1. */
    private static void comparePytorch(String label, Path export, ImageSet images, float[][] expected)
            throws Exception {
        String name = export.getParent().getFileName().toString();
        Path npy = writeNpy(images, directory.resolve("images-" + name + ".npy"));
        Path out = directory.resolve("logits-" + name + ".json");
        python(List.of(
                CHECK_SCRIPT.toString(),
                "--model",
                export.toString(),
                "--images",
                npy.toString(),
                "--out",
                out.toString()));
        JsonNode actual = Json.mapper().readTree(Files.readString(out));
        double worst = 0;
        for (int image = 0; image < IMAGES; image++) {
            JsonNode row = actual.get("logits").get(image);
            int top1 = 0;
            for (int k = 0; k < expected[image].length; k++) {
                worst = Math.max(worst, Math.abs(row.get(k).asDouble() - expected[image][k]));
                top1 = expected[image][k] > expected[image][top1] ? k : top1;
            }
            assertThat(actual.get("top1").get(image).asInt())
                    .as(label + ": top-1 of image " + image)
                    .isEqualTo(top1);
        }
        System.out.printf("PyTorch interop %s: max |logit difference| %.3e over %d images%n", label, worst, IMAGES);
        assertThat(worst).as(label + ": max |logit difference|").isLessThanOrEqualTo(TOLERANCE);
    }

    private static TrialConfig config(String method) {
        return switch (method) {
            case "dense" -> new TrialConfig(method, method, null, null, null, false, MODEL, DATASET, FINETUNE, 1, null);
            case "comcat" ->
                new TrialConfig( // block 0 keeps its heads whole (fused qkv); MLP and head factorised
                        method,
                        method,
                        null,
                        new RankSpec(List.of(24, 12, 6, 3), List.of(24, 2, 3, 4)),
                        null,
                        true,
                        MODEL,
                        DATASET,
                        FINETUNE,
                        1,
                        null);
            default -> new TrialConfig(method, method, 0.25, null, null, false, MODEL, DATASET, FINETUNE, 1, null);
        };
    }

    /** The trial's model, loaded from its artifact directory, on the test images RankSweep normalises itself. */
    private static float[][] rankSweepLogits(Path trial) throws IOException {
        ModelPlan plan = Json.mapper()
                .treeToValue(
                        Json.mapper()
                                .readTree(Files.readString(trial.resolve("plan.json")))
                                .get("plan"),
                        ModelPlan.class);
        try (Model model = VitFactory.load("interop", plan, trial, "model")) {
            return logits(model, data.test(), data.normalization());
        }
    }

    /** RankSweep's logits of the first {@value #IMAGES} images, normalised as training batches are. */
    private static float[][] logits(Model model, ImageSet images, Normalization normalization) {
        TorchRuntime.disableGradients();
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray inputs = new Batches(images, normalization, IMAGES)
                    .load(scope, Batches.sequentialOrder(IMAGES), 0, null)
                    .images();
            NDArray logits = VitFactory.vit(model)
                    .forward(new ParameterStore(scope, false), new NDList(inputs), false)
                    .head();
            int classes = Math.toIntExact(logits.getShape().get(1));
            float[] values = logits.toFloatArray();
            float[][] rows = new float[IMAGES][classes];
            for (int image = 0; image < IMAGES; image++) {
                System.arraycopy(values, image * classes, rows[image], 0, classes);
            }
            return rows;
        }
    }

    /** The first {@value #IMAGES} images as a NumPy .npy file of uint8, shape (N, C, H, W). */
    private static Path writeNpy(ImageSet images, Path file) throws IOException {
        String header = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + IMAGES + ", " + images.channels() + ", "
                + images.height() + ", " + images.width() + "), }";
        // Magic (6) + version (2) + length (2) + header + '\n' must be a multiple of 64.
        int padding = 63 - (10 + header.length()) % 64;
        header = header + " ".repeat(padding) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(ByteBuffer.allocate(2)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) header.length())
                .array());
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        for (int image = 0; image < IMAGES; image++) {
            for (int offset = 0; offset < images.imageBytes(); offset++) {
                out.write(images.pixel(image, offset));
            }
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    /** Runs Debian's Python 3 with {@code arguments}; fails with its output unless it exits with 0. */
    private static String python(List<String> arguments) throws IOException, InterruptedException {
        assertThat(PYTHON)
                .as(
                        "%s is missing: install Debian's python3-torch and python3-numpy (apt-get install python3-torch "
                                + "python3-numpy)",
                        PYTHON)
                .isExecutable();
        List<String> command = new ArrayList<>(List.of(PYTHON.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("python finished").isTrue();
        String hint = output.contains("No module named")
                ? "install Debian's python3-torch and python3-numpy (apt-get install python3-torch python3-numpy): "
                : "";
        assertThat(process.exitValue())
                .as(hint + String.join(" ", command) + "\n" + output)
                .isZero();
        return output;
    }
}
