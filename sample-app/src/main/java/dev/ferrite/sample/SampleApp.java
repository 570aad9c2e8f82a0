package dev.ferrite.sample;

/** Runs the Ferrite samples. */
public final class SampleApp {
    private SampleApp() {}

    public static void main(String[] args) {
        System.out.println("Ferrite samples");
    }
}
