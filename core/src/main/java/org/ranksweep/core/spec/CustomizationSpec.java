package org.ranksweep.core.spec;

import java.util.List;

/**
 * The {@code customization} part of a sweep: teach a base text-to-image generator each held-out concept by each
 * method. Every method entry × rank × concept × seed is one trial. The sweep's {@code dataset} is what the generator
 * and the judge train on and shots are drawn from; its {@code model} is the judge, a ViT trained on every class by
 * {@code model.base.train} that decides which class a generated sample shows.
 *
 * @param generator the base generator (trained once on the seen classes, cached by content hash)
 * @param concepts  the labels to teach, each at or above {@code generator.seenClasses}
 * @param shots     training images of the concept per customization
 * @param steps     optimisation steps per customization
 * @param batch     images per step (drawn from the shots)
 * @param methods   the methods to compare, in spec order
 * @param sampling  how samples are generated and judged
 */
public record CustomizationSpec(
        GeneratorSpec generator,
        List<Integer> concepts,
        int shots,
        int steps,
        int batch,
        List<CustomizationMethodSpec> methods,
        SamplingSpec sampling) {

    public CustomizationSpec {
        concepts = List.copyOf(concepts);
        methods = List.copyOf(methods);
    }
}
