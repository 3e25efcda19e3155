package org.iocstream.deploy;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.iocstream.connectors.gateway.GatewayIdentity;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.connectors.gateway.GatewayRegistry.Account;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.deploy.gateway.GatewayInstallSheet;
import org.iocstream.deploy.stack.MosquittoAuthFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ioc-stream gateway add|list|revoke}: who may send telemetry, kept in the gateway registry. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Provisions commune gateways: each gets an MQTT username and password and a CoAP DTLS "
                + "pre-shared key, both named {commune}/{gateway}, valid only under its own topic prefix "
                + "ioc/v1/{commune}/{gateway}/.",
                "Changes reach a running 'ioc-stream up' on the same registry within a second; a revoked gateway "
                        + "cannot connect or handshake again (connections already open stay until they close).",
                "Examples:",
                "  ioc-stream gateway add --commune 16681 --gateway gw-07",
                "  ioc-stream gateway list",
                "  ioc-stream gateway revoke --commune 16681 --gateway gw-07"},
        subcommands = {GatewayCommand.Add.class, GatewayCommand.ListGateways.class, GatewayCommand.Revoke.class})
final class GatewayCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a gateway command is required: add, list or revoke");
    }

    /** The gateway named by --commune and --gateway. */
    static final class GatewayOptions {
        @Option(names = "--commune", required = true, paramLabel = "CODE", description = "5-digit commune code, "
                + "e.g. 16681.")
        String commune;

        @Option(names = "--gateway", required = true, paramLabel = "NAME", description = "Gateway name within the "
                + "commune, e.g. gw-07.")
        String gateway;

        GatewayIdentity identity(CommandSpec spec) {
            try {
                return new GatewayIdentity(commune, gateway);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Issues a gateway its credentials (new ones if it had some) and prints what its installer "
                    + "needs.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GatewayOptions gateway;

        @Mixin
        SettingsOptions settings;

        @Option(names = "--json", description = "Print JSON for provisioning tools instead of text.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            IocConfig config = settings.load();
            GatewayRegistry registry = GatewayRegistry.open(config.gatewayRegistryFile(), Clock.systemUTC());
            GatewayInstallSheet sheet = new GatewayInstallSheet(registry.issue(gateway.identity(spec)),
                    config.gatewayMqttUrl(), config.gatewayCoapsUrl());
            MosquittoAuthFiles.update(config, registry);
            PrintWriter out = spec.commandLine().getOut();
            // print does not flush picocli's autoflushing writer as println does, and main ends with System.exit
            out.print(json ? sheet.json() : sheet.text());
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the provisioned gateways.")
    static final class ListGateways implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        SettingsOptions settings;

        @Override
        public Integer call() throws Exception {
            IocConfig config = settings.load();
            List<Account> gateways = GatewayRegistry.open(config.gatewayRegistryFile(), Clock.systemUTC()).gateways();
            var out = spec.commandLine().getOut();
            out.printf("%-20s %s%n", "GATEWAY", "ISSUED");
            for (Account account : gateways) {
                out.printf("%-20s %s%n", account.username(), DateTimeFormatter.ISO_INSTANT.format(account.issuedAt()));
            }
            out.printf("%d gateway(s) in %s%n", gateways.size(), config.gatewayRegistryFile());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Removes a gateway's credentials: it can no longer connect or handshake.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GatewayOptions gateway;

        @Mixin
        SettingsOptions settings;

        @Override
        public Integer call() throws Exception {
            IocConfig config = settings.load();
            GatewayIdentity identity = gateway.identity(spec);
            GatewayRegistry registry = GatewayRegistry.open(config.gatewayRegistryFile(), Clock.systemUTC());
            if (!registry.revoke(identity)) {
                spec.commandLine().getErr().println("gateway " + identity + " is not provisioned in "
                        + config.gatewayRegistryFile());
                return 1;
            }
            MosquittoAuthFiles.update(config, registry);
            spec.commandLine().getOut().println("gateway " + identity + " revoked");
            return 0;
        }
    }
}
