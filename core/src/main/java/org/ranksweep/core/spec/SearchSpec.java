package org.ranksweep.core.spec;

/**
 * How the search space is explored: {@code grid} (every point, stable order) or {@code random} ({@code n} points
 * drawn reproducibly from {@code seed}).
 */
public record SearchSpec(String algorithm, Integer n, Long seed) {}
