package dev.ferrite.runtime;

/**
 * An operation on the heap failed after it had begun to change it, so the heap holds half of
 * it; {@code commit()} refuses to make that durable. The message names the operation and its
 * failure. Call {@code rollback()}: the heap then shows the last commit again and commits work.
 */
public class RollbackRequiredException extends FerriteException {
    private static final long serialVersionUID = 1L;

    public RollbackRequiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
