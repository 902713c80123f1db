package org.ranksweep.worker.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ranksweep.core.cost.ModelPlan;
import org.ranksweep.core.model.ModelCatalog;

class VitFactoryTest {

    @TempDir
    Path directory;

    @BeforeAll
    static void engine() {
        TorchRuntime.start(2);
    }

    @Test
    void aLoadedModelHoldsTheSavedValuesAndCanBeSavedAgain() throws Exception {
        ModelPlan plan = ModelPlan.dense(ModelCatalog.VIT_TINY_FMNIST);
        List<float[]> saved = new ArrayList<>();
        try (Model model = VitFactory.create("original", plan, 5)) {
            model.save(directory, "first");
            values(model).forEach(saved::add);
        }
        try (Model loaded = VitFactory.load("loaded", plan, directory, "first")) {
            assertThat(values(loaded)).containsExactlyElementsOf(saved);
            // A dense trial saves its loaded base model as the trial's artifact.
            loaded.save(directory, "second");
        }
        assertThat(Files.list(directory).map(path -> path.getFileName().toString()))
                .contains("second-0000.params");
    }

    private static List<float[]> values(Model model) {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> entry : model.getBlock().getParameters()) {
            values.add(entry.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
