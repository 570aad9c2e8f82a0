/** The {@code ferrite} command-line tool. */
module dev.ferrite.cli {
    requires dev.ferrite.runtime;
    requires info.picocli;
    // Only at compile time: the flyweights generated for the tests' structs carry @Generated.
    requires static java.compiler;

    opens dev.ferrite.cli to info.picocli;
}
