package io.milink.certs;

/** The bundled root list or one of its files is missing, malformed, or does not match what the list says. */
public final class RootBundleException extends IllegalStateException {

    public RootBundleException(String message) {
        super(message);
    }

    public RootBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
