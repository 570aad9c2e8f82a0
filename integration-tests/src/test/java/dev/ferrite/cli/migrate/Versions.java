package dev.ferrite.cli.migrate;

import dev.ferrite.testing.CompiledVersion;
import java.nio.file.Path;

/**
 * The three compiled versions, each in its own directory, compiled once per test JVM: compiling
 * costs seconds, and every migration test needs the same classes. They export their schemas to
 * one folder, as an application's successive builds would.
 */
public final class Versions {
    private static Path root;
    private static CompiledVersion v1;
    private static CompiledVersion v2;
    private static CompiledVersion v3;
    private static CompiledVersion renamed;

    private Versions() {}

    public static synchronized CompiledVersion v1() {
        if (v1 == null) {
            v1 = CompiledVersion.compile(root().resolve("v1"), AccountVersions.v1(), schemas());
        }
        return v1;
    }

    public static synchronized CompiledVersion v2() {
        if (v2 == null) {
            v2 = CompiledVersion.compile(root().resolve("v2"), AccountVersions.v2(), schemas());
        }
        return v2;
    }

    public static synchronized CompiledVersion v3() {
        if (v3 == null) {
            v3 = CompiledVersion.compile(root().resolve("v3"), AccountVersions.v3(), schemas());
        }
        return v3;
    }

    /**
     * The folder the versions export their schemas to ({@code -Aferrite.schemaLocation}); it
     * holds those of the versions compiled so far.
     */
    public static synchronized Path schemas() {
        return root().resolve("schemas");
    }

    /** v1 with a field renamed, as version 2: the same layout. Its schema is not exported: it would contradict v2's. */
    public static synchronized CompiledVersion renamed() {
        if (renamed == null) {
            renamed = CompiledVersion.compile(root().resolve("renamed"), AccountVersions.renamed(), null);
        }
        return renamed;
    }

    private static Path root() {
        if (root == null) {
            root = CompiledVersion.temporaryDirectory("ferrite-versions");
        }
        return root;
    }
}
