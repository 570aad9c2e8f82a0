package dev.ferrite.fams.protocol;

import java.nio.ByteBuffer;

/** Where a commit reads the new contents of the file: the mapped segment, or a test's byte array. */
@FunctionalInterface
public interface PageSource {
    /** A view of {@code length} bytes at {@code offset}; the commit only reads it. */
    ByteBuffer bytes(long offset, int length);
}
