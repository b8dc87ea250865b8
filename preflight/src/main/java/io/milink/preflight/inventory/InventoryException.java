package io.milink.preflight.inventory;

/** The inventory batch ran but its answer could not be read; the message says which part and why. */
public final class InventoryException extends Exception {
    private static final long serialVersionUID = 1L;

    public InventoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
