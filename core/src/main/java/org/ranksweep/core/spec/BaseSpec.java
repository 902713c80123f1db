package org.ranksweep.core.spec;

/**
 * Where the dense base model comes from: exactly one of a from-scratch training recipe or a parameter file.
 *
 * @param train recipe to train the dense model from scratch (cached by content hash)
 * @param file  path to saved parameters
 */
public record BaseSpec(TrainRecipe train, String file) {}
