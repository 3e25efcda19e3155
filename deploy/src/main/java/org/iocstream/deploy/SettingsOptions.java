package org.iocstream.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.iocstream.deploy.config.IocConfig;
import picocli.CommandLine.Option;

/** The options by which a command reads the stack's settings: the same as {@code up}'s, so both agree. */
final class SettingsOptions {

    @Option(names = "--data-dir", description = "Directory for all embedded state; same as --set data-dir=DIR "
            + "(default: ./ioc-data).")
    Path dataDir;

    @Option(names = "--config", description = "Properties file with settings (see the README's configuration table).")
    Path configFile;

    @Option(names = "--set", description = "A setting, key=value; repeatable; wins over --config.", paramLabel = "KEY=VALUE")
    Map<String, String> settings = new LinkedHashMap<>();

    IocConfig load() throws IOException {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        if (dataDir != null) {
            overrides.put(IocConfig.DATA_DIR.key(), dataDir.toString());
        }
        return IocConfig.load(configFile, overrides);
    }
}
