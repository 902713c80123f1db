package org.ranksweep.core.customize;

import java.util.List;
import java.util.Optional;

/**
 * The registry of customization methods (teaching a base generator a new concept): the one list of what a
 * {@code customization} spec may name, in the order specs, reports and help texts list them. The worker builds each
 * by its name. Thread-safe (immutable).
 */
public final class CustomizationMethods {

    /**
     * One method: its spec name, whether it takes a {@code rank}, and what it trains.
     *
     * @param name   the name in specs, trial configurations and results
     * @param ranked whether the method's trained parameters have a rank (a spec entry then lists {@code ranks})
     * @param trains what it trains, for help texts and docs
     */
    public record Method(String name, boolean ranked, String trains) {}

    public static final Method FULL = new Method("full", false, "every denoiser weight");
    public static final Method CUSTOM_DIFFUSION =
            new Method("custom-diffusion", false, "cross-attention key and value projections and the v* embedding");
    public static final Method LORA =
            new Method("lora", true, "rank-r updates of q, k, v, o in every self- and cross-attention");
    public static final Method COMCAT_ADAPTER =
            new Method("comcat-adapter", true, "per head rank-r branches q', k', v', o' sharing the head's softmax");

    public static final List<Method> ALL = List.of(FULL, CUSTOM_DIFFUSION, LORA, COMCAT_ADAPTER);

    private CustomizationMethods() {}

    public static Optional<Method> find(String name) {
        return ALL.stream().filter(method -> method.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Method::name).toList();
    }
}
