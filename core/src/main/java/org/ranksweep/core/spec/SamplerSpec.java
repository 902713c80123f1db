package org.ranksweep.core.spec;

/**
 * The sweep sampler: which points of the methods' search space become trials: {@code grid} (every point, stable
 * order) or {@code random} ({@code n} points drawn reproducibly from {@code seed}). Spec key {@code sampler}
 * ({@code search} is its deprecated alias). Not to be confused with comcat-auto's rank search, which runs inside a
 * trial.
 */
public record SamplerSpec(String algorithm, Integer n, Long seed) {}
