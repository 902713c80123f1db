package org.ranksweep.worker.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.cost.DenseBlock;
import org.ranksweep.core.cost.HeadLevelBlock;
import org.ranksweep.core.cost.MatrixLevelBlock;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.VitShape;
import org.ranksweep.worker.model.ModelParameters;
import org.ranksweep.worker.model.VitFactory;
import org.ranksweep.worker.safetensors.SafetensorsFile;

class CheckpointExportTest {

    private static final VitShape SHAPE = new VitShape("mini-deit", 32, 3, 8, 48, 4, 3, 4, 10);

    @TempDir
    Path directory;

    /** Every form a block can take: head-level with factorised fc1, matrix-level with factorised fc2, none, dense. */
    private static final ModelPlan MIXED = new ModelPlan(
            SHAPE,
            List.of(
                    new HeadLevelBlock(3, 5, 7, null, 9, null),
                    new MatrixLevelBlock(6, 8, 10, 12, null, 6),
                    new HeadLevelBlock(0, 16, 16),
                    new DenseBlock()),
            4);

    @Test
    void exportedCompressedModelReimportsWithIdenticalLogitsAndItsPlanInTheMetadata() throws Exception {
        Path file = directory.resolve("model.safetensors");
        Map<String, Object> ranks = Map.of("qk", List.of(5, 16, 0, 16));
        float[][] images = CheckpointImportTest.randomImages(SHAPE, 2, 3);
        try (Model original = VitFactory.create("original", MIXED, 42)) {
            CheckpointExport.write(original, MIXED, ranks, Map.of("ranksweep.trial", "17"), file);
            float[][] expected = CheckpointImportTest.forward(original, SHAPE, images);
            try (CheckpointImport.ImportedModel imported = CheckpointImport.exported("again", file)) {
                assertThat(imported.plan()).isEqualTo(MIXED);
                assertThat(imported.ranks()).isEqualTo(ranks);
                assertThat(imported.metadata())
                        .containsEntry("ranksweep.trial", "17")
                        .containsEntry("format", "pt");
                assertThat(ModelParameters.count(imported.model().getBlock()))
                        .isEqualTo(ModelParameters.count(original.getBlock()));
                assertThat(CheckpointImportTest.forward(imported.model(), SHAPE, images))
                        .isDeepEqualTo(expected);
            }
        }
        try (SafetensorsFile written = SafetensorsFile.open(file)) {
            assertThat(written.tensors())
                    .containsKeys(
                            "blocks.0.attn.q.weight",
                            "blocks.0.mlp.fc1.0.weight",
                            "blocks.0.mlp.fc1.1.bias",
                            "blocks.1.attn.k.0.weight",
                            "blocks.1.attn.k.1.weight",
                            "blocks.2.attn.proj.bias",
                            "blocks.3.attn.qkv.weight",
                            "head.0.weight",
                            "head.1.bias");
            assertThat(written.tensors().get("blocks.0.attn.q.weight").shape()).containsExactly(15, 48);
            assertThat(written.tensors().get("blocks.1.attn.k.0.weight").shape())
                    .containsExactly(8, 48);
            assertThat(written.tensors()).doesNotContainKey("blocks.2.attn.q.weight");
            assertThat(Json.read(written.metadata().get(CheckpointExport.ARCHITECTURE_KEY), VitShape.class))
                    .isEqualTo(SHAPE);
        }
    }

    @Test
    void denseExportIsATimmStateDictThatAnotherSafetensorsReaderLoads() throws Exception {
        Path file = directory.resolve("dense.safetensors");
        try (Model dense = VitFactory.create("dense", ModelPlan.dense(SHAPE), 5)) {
            CheckpointExport.write(dense, ModelPlan.dense(SHAPE), Map.of(), Map.of(), file);
            // DJL's own safetensors decoder shares no code with ours.
            try (NDManager manager = NDManager.newBaseManager()) {
                NDList decoded = NDList.decode(manager, Files.readAllBytes(file));
                NDArray qkv = decoded.get("blocks.2.attn.qkv.weight");
                assertThat(qkv.getShape().getShape()).containsExactly(144, 48);
                float[] key = VitFactory.vit(dense)
                        .blocks()
                        .get(2)
                        .attention()
                        .key()
                        .getParameters()
                        .get("weight")
                        .getArray()
                        .toFloatArray();
                float[] fused = qkv.toFloatArray();
                float[] keyRows = java.util.Arrays.copyOfRange(fused, 48 * 48, 2 * 48 * 48);
                assertThat(keyRows).containsExactly(key);
                assertThat(decoded).hasSize(4 + 12 * SHAPE.depth() + 4);
            }
        }
        // The dense export is exactly what the timm importer reads.
        try (Model reread = CheckpointImport.timm("reread", SHAPE, file)) {
            assertThat(ModelParameters.count(reread.getBlock())).isPositive();
        }
    }
}
