package io.milink.api;

import picocli.CommandLine;

/** {@code milink --version}: the build's version and the Java it runs on. */
final class MilinkVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Milink.class.getPackage().getImplementationVersion();
        return new String[] {
            "milink " + (version == null ? "(development build)" : version),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
