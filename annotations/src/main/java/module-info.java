/** The vocabulary for declaring persistent structs; no dependencies. */
module dev.ferrite.annotations {
    exports dev.ferrite.annotations;
}
