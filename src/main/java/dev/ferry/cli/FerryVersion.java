package dev.ferry.cli;

import picocli.CommandLine;

/** The version from the jar manifest, or "dev" when running from classes. */
public final class FerryVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = FerryVersion.class.getPackage().getImplementationVersion();
        return new String[] {"ferry " + (v == null ? "dev" : v)};
    }
}
