package org.ranksweep.cli;

/** The honest answer of a command whose implementation has not landed yet. */
final class NotBuiltYet {

    private NotBuiltYet() {
    }

    static int say(String command, String what) {
        System.err.println("ranksweep " + command + ": not built yet (" + what + "). Nothing was done.");
        return ExitCodes.INVALID_INPUT;
    }
}
