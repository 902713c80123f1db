package org.ranksweep.core.method;

import org.ranksweep.core.model.VitShape;

/** The largest rank a method's explicit ranks may take on a given architecture. */
public enum RankBound {
    NONE,
    HEAD_WIDTH,
    MODEL_WIDTH;

    public int limit(VitShape shape) {
        return switch (this) {
            case NONE -> 0;
            case HEAD_WIDTH -> shape.headWidth();
            case MODEL_WIDTH -> shape.width();
        };
    }

    /** E.g. {@code the head width 24 of vit-tiny-fmnist}, for messages. */
    public String describe(VitShape shape) {
        String what = this == HEAD_WIDTH ? "the head width " : "the width ";
        return what + limit(shape) + " of " + shape.name();
    }
}
