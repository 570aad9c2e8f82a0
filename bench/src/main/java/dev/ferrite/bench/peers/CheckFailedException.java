package dev.ferrite.bench.peers;

/** A store's content after reopening is not what the workload committed: the run is void. */
final class CheckFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CheckFailedException(String message) {
        super(message);
    }
}
