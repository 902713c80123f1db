package org.ranksweep.core.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small YAML specs for tests: a valid base whose top-level sections can be replaced or removed. */
final class SpecTexts {

    static final String MODEL = "{arch: vit-tiny-fmnist, base: {train: {epochs: 1, lr: 1.0e-3, batch: 128}}}";

    private SpecTexts() {}

    /** The valid base spec: dense plus comcat at two budgets on synthetic data. */
    static String valid() {
        return with();
    }

    /**
     * The base spec with top-level sections replaced, given as key/value pairs of flow-style YAML; a null value
     * removes the section, a new key is appended.
     */
    static String with(String... keysAndValues) {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("name", "test-sweep");
        sections.put("dataset", "{name: synthetic}");
        sections.put("model", MODEL);
        sections.put("methods", "[{name: dense}, {name: comcat, budget: [0.5, 0.25]}]");
        for (int index = 0; index < keysAndValues.length; index += 2) {
            sections.put(keysAndValues[index], keysAndValues[index + 1]);
        }
        StringBuilder text = new StringBuilder();
        sections.forEach((key, value) -> {
            if (value != null) {
                text.append(key).append(": ").append(value).append('\n');
            }
        });
        return text.toString();
    }
}
