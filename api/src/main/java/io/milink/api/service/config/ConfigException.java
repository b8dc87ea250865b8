package io.milink.api.service.config;

/** The service configuration (file or environment) is wrong; the message names the setting and what to write. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
