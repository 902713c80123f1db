package org.ranksweep.worker.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The few engine-wide switches of the PyTorch engine that RankSweep touches. PyTorch's autograd mode is
 * per-thread and on by default on every thread but the one that loaded the engine: code that runs forward passes
 * without wanting a graph calls {@link #disableGradients()} on its own thread first. Thread-safe.
 */
public final class TorchRuntime {

    private TorchRuntime() {}

    /** Loads the engine (offline, from the native jar on the class path) and sets its intra-op thread count. */
    public static void start(int threads) {
        Engine.getInstance();
        if (threads > 0 && JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    /** GPUs the engine can use (0 on CPU-only hosts or with the CPU build of libtorch). */
    public static int gpuCount() {
        return Engine.getInstance().getGpuCount();
    }

    /** The engine and its flavour as workers advertise it, e.g. {@code PyTorch 2.7.1 cpu}. */
    public static String description() {
        Engine engine = Engine.getInstance();
        return engine.getEngineName() + " " + engine.getVersion() + (engine.getGpuCount() > 0 ? " cuda" : " cpu");
    }

    /** Turns autograd recording off for the calling thread; a gradient collector turns it on while it is open. */
    public static void disableGradients() {
        Engine.getInstance();
        JniUtils.setGradMode(false);
    }
}
