package org.wsfile.config;

import java.util.Locale;
import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where settings come from: MicroProfile Config where the server has it (system properties,
 * environment variables, {@code META-INF/microprofile-config.properties}), otherwise system
 * properties and then environment variables, so the WAR deploys on servers without it.
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    /** The raw value of a setting such as {@code wsfile.max-file-size}, if it is set anywhere. */
    public static Optional<String> get(String key) {
        try {
            return ConfigProvider.getConfig().getOptionalValue(key, String.class);
        } catch (LinkageError | IllegalStateException noMicroProfileConfig) {
            return Optional.ofNullable(System.getProperty(key)).or(() -> Optional.ofNullable(System.getenv(envName(key))));
        }
    }

    /** The environment variable MicroProfile Config maps a key to: {@code wsfile.max-file-size} → {@code WSFILE_MAX_FILE_SIZE}. */
    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
