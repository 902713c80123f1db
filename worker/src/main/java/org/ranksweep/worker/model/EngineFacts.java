package org.ranksweep.worker.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What this process's PyTorch engine is, as loaded: versions, threads, the native libraries really mapped into the
 * process (libtorch, and the BLAS and OpenMP runtimes it brought), and the CUDA devices it sees. Loading the engine
 * is the first thing it does; it never downloads anything. Immutable.
 *
 * @param engine            the engine's name and version, e.g. {@code PyTorch 2.7.1}
 * @param djlVersion        the DJL version
 * @param intraOpThreads    threads one operator may use (per slot; the worker sets it)
 * @param interOpThreads    threads for running independent operators
 * @param libraries         absolute paths of the mapped native libraries of libtorch, BLAS, OpenMP and CUDA
 * @param gpus              the CUDA devices the engine can use; empty on CPU-only hosts or with the CPU build
 */
public record EngineFacts(
        String engine,
        String djlVersion,
        int intraOpThreads,
        int interOpThreads,
        List<String> libraries,
        List<Gpu> gpus) {

    /** Native libraries that say which libtorch, BLAS, OpenMP and CUDA runtime are in use. */
    private static final Pattern INTERESTING = Pattern.compile(
            "lib(torch[^/]*|c10[^/]*|gomp[^/]*|iomp[^/]*|mkl[^/]*|openblas[^/]*|blas[^/]*|cudart[^/]*|cudnn[^/]*|cublas[^/]*"
                    + "|nvrtc[^/]*)"
                    + "\\.so[^/]*$");

    public EngineFacts {
        libraries = List.copyOf(libraries);
        gpus = List.copyOf(gpus);
    }

    /** One CUDA device: its index, compute capability and memory (bytes). */
    public record Gpu(int index, String computeCapability, long memoryBytes) {}

    /** Loads the engine if needed and describes it. */
    public static EngineFacts current() {
        Engine engine = Engine.getInstance();
        List<Gpu> gpus = new ArrayList<>();
        for (int index = 0; index < engine.getGpuCount(); index++) {
            MemoryUsage memory = CudaUtils.getGpuMemory(Device.gpu(index));
            gpus.add(new Gpu(index, CudaUtils.getComputeCapability(index), memory.getMax()));
        }
        return new EngineFacts(
                engine.getEngineName() + " " + engine.getVersion(),
                Engine.getDjlVersion(),
                JniUtils.getNumThreads(),
                JniUtils.getNumInteropThreads(),
                mappedLibraries(Path.of("/proc/self/maps")),
                gpus);
    }

    /** The interesting native libraries listed in a {@code /proc/<pid>/maps} file, each once, in mapping order. */
    static List<String> mappedLibraries(Path maps) {
        Set<String> found = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(maps)) {
                int slash = line.indexOf('/');
                if (slash >= 0 && INTERESTING.matcher(line).find()) {
                    found.add(line.substring(slash).strip());
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return List.copyOf(found);
    }
}
