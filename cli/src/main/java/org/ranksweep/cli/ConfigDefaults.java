package org.ranksweep.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from the environment ({@code RANKSWEEP_DB_URL} for {@code --db-url}) over a config file
 * ({@code --config FILE}, a properties file with keys like {@code db-url}) over the built-in defaults.
 * Thread-safe after construction.
 */
final class ConfigDefaults implements IDefaultValueProvider {

    private final Map<String, String> environment;
    private final Properties file;

    ConfigDefaults(String[] args) {
        this(System.getenv(), configFile(args));
    }

    ConfigDefaults(Map<String, String> environment, Properties file) {
        this.environment = Map.copyOf(environment);
        this.file = file;
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || option.longestName().equals("--config")) {
            return argument.defaultValue();
        }
        String key = option.longestName().replaceFirst("^-+", "");
        String fromEnvironment =
                environment.get("RANKSWEEP_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        return file.getProperty(key, argument.defaultValue());
    }

    private static Properties configFile(String[] args) {
        Properties properties = new Properties();
        for (int i = 0; i < args.length; i++) {
            String path = null;
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
            }
            if (path != null) {
                try (Reader reader = Files.newBufferedReader(Path.of(path))) {
                    properties.load(reader);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read config file " + path, e);
                }
            }
        }
        return properties;
    }
}
