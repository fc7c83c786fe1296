package dev.drover.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code drover --version}: the version stamped into the packaged jar's manifest. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = DroverCli.class.getPackage().getImplementationVersion();
        return new String[] {"drover " + (v == null ? "(development build)" : v),
            "Java " + System.getProperty("java.version")};
    }
}
