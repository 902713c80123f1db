package org.ranksweep.worker.data;

/**
 * Images that are decoded when a batch needs them instead of held in memory (e.g. an ImageNet folder). Every image
 * comes out as channels × height × width unsigned bytes of one fixed size. Implementations are thread-safe.
 */
public interface ImageSource {

    int size();

    int label(int index);

    int channels();

    int height();

    int width();

    /** Writes image {@code index} as channels × height × width bytes into {@code target} at {@code offset}. */
    void read(int index, byte[] target, int offset);
}
