package org.ranksweep.worker.train;

import org.ranksweep.core.model.VitShape;
import org.ranksweep.core.spec.DatasetSpec;
import org.ranksweep.core.spec.TrainRecipe;

/** Which dense base model to train (or reuse): architecture, data, recipe and seed. Immutable and thread-safe. */
public record BaseRequest(VitShape shape, DatasetSpec dataset, TrainRecipe recipe, long seed) {}
