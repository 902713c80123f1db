package org.ranksweep.core.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.ranksweep.core.json.Json;
import org.ranksweep.core.trial.TrialConfig;

/**
 * Identity of a trial's content: SHA-256 (lower-case hex) of the canonical JSON of its {@link TrialConfig}
 * ({@link Json} sorts keys, so equal configurations give equal text). Everything in the configuration counts —
 * method, label, budget or ranks, model, dataset, fine-tuning, seed and resources — and nothing else: the sweep's
 * name and {@code maxAttempts} are not part of a configuration. Because the label is included and labels are unique
 * within a sweep, every trial of one plan has a distinct hash. Thread-safe (stateless).
 */
public final class ContentHash {

    private ContentHash() {}

    public static String of(TrialConfig config) {
        return sha256Hex(Json.write(config));
    }

    /** SHA-256 of the UTF-8 bytes of the text, as 64 lower-case hex digits. */
    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
