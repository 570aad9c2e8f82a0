/** The {@code ferrite} command-line tool. */
module dev.ferrite.cli {
    requires dev.ferrite.runtime;
    requires info.picocli;

    opens dev.ferrite.cli to info.picocli;
}
