package org.ranksweep.core.spec;

/**
 * The model of a sweep.
 *
 * @param arch name from {@link org.ranksweep.core.model.ModelCatalog}
 * @param base where the dense base weights come from
 */
public record ModelSpec(String arch, BaseSpec base) {}
