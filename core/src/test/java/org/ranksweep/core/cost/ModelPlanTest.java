package org.ranksweep.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ranksweep.core.error.ValidationException;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.model.ModelCatalog;
import org.ranksweep.core.model.VitShape;

class ModelPlanTest {

    private static final VitShape TINY = ModelCatalog.VIT_TINY_FMNIST;

    @Test
    void mixedPlanRoundTripsThroughJson() {
        ModelPlan plan = new ModelPlan(
                TINY,
                List.of(
                        new DenseBlock(),
                        new HeadLevelBlock(4, 9, 8).withMlpRanks(40, null),
                        new MatrixLevelBlock(1, 2, 3, 4, null, 30),
                        HeadLevelBlock.kept(List.of(0, 3), 24)),
                7);

        String json = Json.write(plan);
        ModelPlan read = Json.read(json, ModelPlan.class);

        assertThat(read).isEqualTo(plan);
        assertThat(json)
                .contains("\"kind\":\"head-level\"")
                .contains("\"kind\":\"matrix-level\"")
                .contains("\"keptHeads\":[0,3]");
    }

    @Test
    void headLevelBlockWithoutKeptHeadsKeepsAllOfThem() {
        String json = "{\"kind\":\"head-level\",\"heads\":3,\"qkRank\":5,\"voRank\":4}";

        BlockPlan block = Json.read(json, BlockPlan.class);

        assertThat(block).isEqualTo(new HeadLevelBlock(3, 5, 4, List.of(0, 1, 2), null, null));
    }

    @Test
    void rejectsAPlanWhoseBlockCountDiffersFromTheDepth() {
        assertThatThrownBy(() -> new ModelPlan(TINY, List.of(new DenseBlock()), null))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("blocks")
                .hasMessageContaining("4");
    }

    @Test
    void rejectsRanksAboveWhatTheShapeAllows() {
        List<BlockPlan> blocks = List.of(
                new HeadLevelBlock(4, 25, 8),
                new MatrixLevelBlock(97, 1, 1, 1),
                new DenseBlock(97, null),
                HeadLevelBlock.kept(List.of(0, 4), 24));

        assertThatThrownBy(() -> new ModelPlan(TINY, blocks, 11))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("blocks[0].qkRank")
                .hasMessageContaining("blocks[1].rank")
                .hasMessageContaining("blocks[2].fc1Rank")
                .hasMessageContaining("blocks[3].keptHeads")
                .hasMessageContaining("headRank");
    }

    @Test
    void rejectsKeptHeadsThatDisagreeWithTheHeadCount() {
        assertThatThrownBy(() -> new HeadLevelBlock(2, 24, 24, List.of(1), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keptHeads");
        assertThatThrownBy(() -> new HeadLevelBlock(2, 24, 24, List.of(3, 1), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ascending");
        assertThatThrownBy(() -> new MatrixLevelBlock(0, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rq");
    }
}
