package dev.ferrite.runtime.heap;

/**
 * An operation that threw after it had begun to change the heap: what it was and why it failed.
 * The heap keeps the first one until a rollback, since a commit would make its half durable.
 *
 * @param operation what the application asked for, as a phrase ("allocate a test.Account record")
 * @param failure what the operation threw (after mapping, see {@link MemoryFaults})
 */
public record UnfinishedOperation(String operation, Throwable failure) {

    /** One sentence for messages: which operation failed, how, and what to do. */
    public String describe() {
        return operation + " failed midway (" + failure + ") and left part of its changes in the heap;"
                + " call rollback() to return to the last commit before committing again";
    }
}
