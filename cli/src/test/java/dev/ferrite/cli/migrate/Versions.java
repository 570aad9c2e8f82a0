package dev.ferrite.cli.migrate;

import java.nio.file.Path;

/** The three compiled versions, each in its own directory under {@code root}. */
public final class Versions {
    private Versions() {}

    public static CompiledVersion v1(Path root) {
        return CompiledVersion.compile(root.resolve("v1"), AccountVersions.v1());
    }

    public static CompiledVersion v2(Path root) {
        return CompiledVersion.compile(root.resolve("v2"), AccountVersions.v2());
    }

    public static CompiledVersion v3(Path root) {
        return CompiledVersion.compile(root.resolve("v3"), AccountVersions.v3());
    }
}
